import Foundation

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

    private let threads: ExecutorThreads

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
    static func run<Result: Sendable>(_ work: @escaping @Sendable () async throws -> Result) async throws -> Result {
        let task = Task(executorPreference: shared) { try await work() }
        return try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) { threads.enqueue(UnownedJob(job)) }
}
