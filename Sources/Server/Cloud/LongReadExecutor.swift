import Foundation
import Synchronization

/// Threads of their own for work that takes long (a describe over thousands of resources, a megabyte-long filter or
/// form body, a launch of hundreds of instances worked out aside), so that it holds neither the HTTP event loops nor
/// the requests queued on them.
///
/// Request handlers run on Swift's global executor (NIO's takeover of it does not take effect under Swift 6.3, see the
/// README's "The HTTP path"). A describe that filters and writes 20,000 instances there holds a thread for as long, and
/// the requests queued behind it wait. Started here (`run`), such work runs on threads at a lower scheduling priority than the
/// loops: the loops' short requests come first, and the long work uses the CPU they leave. Reads need no lock to run
/// here: they read an immutable snapshot of the state.
final class LongReadExecutor: TaskExecutor, @unchecked Sendable {
    /// One per process: the threads live as long as it does.
    static let shared = LongReadExecutor(threads: 2, niceness: 10)

    private let threads: ExecutorThreads<UnownedJob>

    private init(threads count: Int, niceness: Int32) {
        threads = ExecutorThreads(count: count, name: "localvpc-read", niceness: niceness, marker: Self.marker)
        threads.start { [unowned self] job in job.runSynchronously(on: self.asUnownedTaskExecutor()) }
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
    ///
    /// The caller is resumed from the hand-back thread (`handBack`), not from here: resuming it wakes its event loop
    /// under a lock of NIO's, and a thread of this low priority, preempted by the loop it just woke, would hold that lock
    /// until it gets a core again, and with it every other thread waking that loop (the cloud's actor, answering
    /// writes: up to 58 ms, measured).
    static func run<Result: Sendable>(_ work: @escaping @Sendable () async throws -> Result) async throws -> Result {
        let running = Mutex<Task<Void, Never>?>(nil)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
                let task = Task(executorPreference: shared) {
                    let outcome: Swift.Result<Result, any Error>
                    do { outcome = .success(try await work()) } catch { outcome = .failure(error) }
                    handBack.enqueue { continuation.resume(with: outcome) }
                }
                running.withLock { $0 = task }
                // Cancelled before the task was there for the handler to cancel.
                if Task.isCancelled { task.cancel() }
            }
        } onCancel: {
            running.withLock { $0?.cancel() }
        }
    }

    /// The thread that resumes `run`'s callers, at the cloud's thread's priority.
    private static let handBack: ExecutorThreads<@Sendable () -> Void> = {
        let threads = ExecutorThreads<@Sendable () -> Void>(count: 1, name: "localvpc-resume", niceness: -5)
        threads.start { resume in resume() }
        return threads
    }()

    func enqueue(_ job: consuming ExecutorJob) { threads.enqueue(UnownedJob(job)) }
}
