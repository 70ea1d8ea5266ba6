import CloudModel
import Dispatch
import Persistence

/// Writes batches of changes to the store on a thread of its own, so the event loops never wait on the disk.
final class StoreWriter: Sendable {
    let store: any StateStore
    private let queue = DispatchQueue(label: "localvpc.store-writer")
    /// Told how long each commit took, on the writer's thread.
    private let commitObserver: (@Sendable (Duration) -> Void)?

    init(store: any StateStore, commitObserver: (@Sendable (Duration) -> Void)? = nil) {
        self.store = store
        self.commitObserver = commitObserver
    }

    /// Makes `changes` durable, all or none, in order after any batch given before.
    func commit(_ changes: [ResourceChange]) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            queue.async { [store, commitObserver] in
                let started = ContinuousClock.now
                let result = Result { try store.commit(changes) }
                commitObserver?(ContinuousClock.now - started)
                continuation.resume(with: result)
            }
        }
    }

    /// Runs `work` with the store on the writer's thread, in order after any batch given before: one at a time, so
    /// a read-then-write of the store inside `work` is never interleaved with another.
    func perform<Result: Sendable>(_ work: @escaping @Sendable (any StateStore) throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
            queue.async { [store] in continuation.resume(with: Swift.Result { try work(store) }) }
        }
    }
}
