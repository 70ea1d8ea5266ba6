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

    private let threads = ExecutorThreads<UnownedJob>(count: 1, name: "localvpc-cloud", niceness: -5)

    private init() {
        threads.start { [unowned self] job in job.runSynchronously(on: self.asUnownedSerialExecutor()) }
    }

    func enqueue(_ job: consuming ExecutorJob) { threads.enqueue(UnownedJob(job)) }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor { UnownedSerialExecutor(ordinary: self) }
}
