import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Threads of their own for work that takes long (a describe over thousands of resources, a megabyte-long filter or
/// form body, a launch of hundreds of instances worked out aside), so that it holds neither the HTTP event loops nor
/// the requests queued on them.
///
/// Request handlers run on the event loops (`serve` installs them as Swift's global executor, sparing each request two
/// thread hops). A describe that filters and writes 20,000 instances there holds its loop for as long, and every request
/// queued behind it waits. Started here (`run`), such work runs on threads at a lower scheduling priority than the
/// loops: the loops' short requests come first, and the long work uses the CPU they leave. Reads need no lock to run
/// here: they read an immutable snapshot of the state.
final class LongReadExecutor: TaskExecutor, @unchecked Sendable {
    /// One per process: the threads live as long as it does.
    static let shared = LongReadExecutor(threads: 2, niceness: 10)

    // @unchecked Sendable: `jobs` is only touched with `condition` locked.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    private init(threads: Int, niceness: Int32) {
        for index in 0..<threads {
            let thread = Thread { [unowned self] in self.work(niceness: niceness) }
            // At most 15 characters: Linux refuses a longer thread name, and the thread keeps its creator's.
            thread.name = "localvpc-read-\(index)"
            thread.start()
        }
    }

    private static let marker = "localvpc.long-read"

    /// Whether the caller runs on one of these threads.
    static var isCurrent: Bool { Thread.current.threadDictionary[marker] as? Bool ?? false }

    /// Runs `work` on these threads and returns what it returns.
    ///
    /// A task executor preference alone (`withTaskExecutorPreference`) moves a task here only when it is next enqueued:
    /// work that does not suspend first (a describe whose snapshot is at hand, a decode) would run where the caller is,
    /// on an event loop. A task of its own, preferring this executor, starts here. It inherits the caller's task-local
    /// values and priority, and is cancelled with the caller.
    static func run<Result: Sendable>(_ work: @escaping @Sendable () async throws -> Result) async throws -> Result {
        let task = Task(executorPreference: shared) { try await work() }
        return try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func work(niceness: Int32) {
        Thread.current.threadDictionary[Self.marker] = true
        #if canImport(Glibc)
            // On Linux the nice value is per thread: `who` 0 is the calling thread alone (setpriority(2), BUGS).
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
        #endif
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
