import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The jobs of an executor of ours and the threads that run them: `enqueue` from any thread, and each thread waits for
/// jobs and runs them, at its own scheduling priority. Shared by the cloud's thread (`CloudExecutor`) and the
/// long-read threads (`LongReadExecutor`).
final class ExecutorThreads: @unchecked Sendable {
    // @unchecked Sendable: `jobs` is only touched with `condition` locked.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    let count: Int
    let name: String
    let niceness: Int32
    let marker: String?

    /// `count` threads named `name` and the thread's number (at most 15 characters in all: Linux refuses a longer name,
    /// and the thread keeps its creator's), at the nice value `niceness`; `marker`, if given, is set in each thread's
    /// dictionary, so code can tell it runs there.
    init(count: Int, name: String, niceness: Int32, marker: String? = nil) {
        self.count = count
        self.name = name
        self.niceness = niceness
        self.marker = marker
    }

    /// Starts the threads, each running the jobs it takes with `run` (the executor, once it exists, runs them on
    /// itself).
    func start(_ run: @escaping @Sendable (UnownedJob) -> Void) {
        for index in 0..<count {
            let thread = Thread { [self] in
                if let marker { Thread.current.threadDictionary[marker] = true }
                #if canImport(Glibc)
                    // On Linux the nice value is per thread: `who` 0 is the calling thread alone (setpriority(2), BUGS). A
                    // process that may not raise its priority keeps the one it has.
                    _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
                #endif
                while true { run(next()) }
            }
            thread.name = count == 1 ? name : "\(name)-\(index)"
            thread.start()
        }
    }

    func enqueue(_ job: UnownedJob) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// The oldest job, once there is one.
    private func next() -> UnownedJob {
        condition.lock()
        defer { condition.unlock() }
        while jobs.isEmpty { condition.wait() }
        return jobs.removeFirst()
    }
}
