import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The thread `CloudService`'s actor runs on: its own, at the event loops' priority.
///
/// On Swift's global executor (the event loops, in `serve`), the actor's work would hold whichever loop it ran on, and
/// the requests queued there would wait; under a task executor preference (`LongReadExecutor`) it would run on a
/// low-priority thread while every other account's write waited for it. Here it does neither: the loops only hand
/// commands over, and the actor runs them one at a time, ahead of the event loops when it can (a nice value of -5, kept at
/// the loops' when the process may not raise its priority): every write waits for it, and its part of each is short.
final class CloudExecutor: SerialExecutor, @unchecked Sendable {
    /// One per process: the thread lives as long as it does.
    static let shared = CloudExecutor()

    // @unchecked Sendable: `jobs` is only touched with `condition` locked.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    private init() {
        let thread = Thread { [unowned self] in self.work() }
        thread.name = "localvpc-cloud"
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor { UnownedSerialExecutor(ordinary: self) }

    private func work() {
        #if canImport(Glibc)
            // On Linux the nice value is per thread: `who` 0 is the calling thread alone (setpriority(2), BUGS).
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, -5)
        #endif
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let batch = jobs
            jobs.removeAll(keepingCapacity: true)
            condition.unlock()
            for job in batch { job.runSynchronously(on: asUnownedSerialExecutor()) }
        }
    }
}
