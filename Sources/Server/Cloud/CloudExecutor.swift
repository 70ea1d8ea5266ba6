/// The thread `CloudService`'s actor runs on: its own, at the event loops' priority.
///
/// On Swift's global executor (the event loops, in `serve`), the actor's work would hold whichever loop it ran on, and
/// the requests queued there would wait; under a task executor preference (`LongReadExecutor`) it would run on a
/// low-priority thread while every other account's write waited for it. Here it does neither: the loops only hand
/// commands over, and the actor runs them one at a time, ahead of the event loops when it can (a nice value of -5, kept at
/// the loops' when the process may not raise its priority): every write waits for it, and its part of each is short.
///
/// The same thread is also a task executor (``tasks``), for the actor's own tasks (the write queue's, a flight's).
final class CloudExecutor: SerialExecutor, @unchecked Sendable {
    /// One per process: the thread lives as long as it does.
    static let shared = CloudExecutor()

    /// A job for the thread: one isolated to the actor, or one of a task that prefers the thread (``tasks``).
    fileprivate enum Job: Sendable {
        case isolated(UnownedJob)
        case preferring(UnownedJob)
    }

    private let threads = ExecutorThreads<Job>(count: 1, name: "localvpc-cloud", niceness: -5)
    /// The cloud's thread as a task executor, for the actor's own tasks (`Task(executorPreference:)`).
    ///
    /// A continuation resumes on the task's executor before the task hops back to the actor, and a task with no
    /// preference resumes on Swift's global executor, which in `serve` is the event loops: a write resumed by the store's
    /// thread waited there behind whatever the loop was doing (writing another account's answer of megabytes), 15–47 ms
    /// under the fairness bench's load (README, "Fairness under load"). Preferring this thread, it resumes here.
    let tasks: CloudTaskExecutor

    private init() {
        tasks = CloudTaskExecutor(threads: threads)
        threads.start { [unowned self] job in
            switch job {
            case .isolated(let job): job.runSynchronously(on: self.asUnownedSerialExecutor())
            case .preferring(let job): job.runSynchronously(on: self.tasks.asUnownedTaskExecutor())
            }
        }
    }

    func enqueue(_ job: consuming ExecutorJob) { threads.enqueue(.isolated(UnownedJob(job))) }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor { UnownedSerialExecutor(ordinary: self) }
}

/// The cloud's thread (`CloudExecutor`) as a task executor: what a task preferring it runs outside the actor (the step
/// from a resumed continuation back to the actor) runs there too, in order with the actor's jobs.
final class CloudTaskExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked Sendable: `threads` is.
    fileprivate let threads: ExecutorThreads<CloudExecutor.Job>

    fileprivate init(threads: ExecutorThreads<CloudExecutor.Job>) {
        self.threads = threads
    }

    func enqueue(_ job: consuming ExecutorJob) { threads.enqueue(.preferring(UnownedJob(job))) }
}
