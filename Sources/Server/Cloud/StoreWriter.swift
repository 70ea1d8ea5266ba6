import CloudModel
import Dispatch
import Persistence

/// Talks to the store on a thread of its own, so the event loops never wait on the disk or the database.
final class StoreWriter: Sendable {
    let store: any StateStore
    private let queue = DispatchQueue(label: "localvpc.store-writer")
    /// Told how long each append took, on the writer's thread (`/metrics`' commit latency).
    private let commitObserver: (@Sendable (Duration) -> Void)?

    init(store: any StateStore, commitObserver: (@Sendable (Duration) -> Void)? = nil) {
        self.store = store
        self.commitObserver = commitObserver
    }

    /// Appends `entry` after `version` (see `StateStore.append(_:after:)`), in order after anything given before.
    func append(_ entry: JournalEntry, after version: UInt64) async throws -> JournalAppend {
        try await timed { try $0.append(entry, after: version) }
    }

    /// Appends `changes` after `version`, with the rows written ahead for some of them (`StateStore.rows(of:)`).
    func append(_ changes: [ResourceChange], rows: [RowBody?], after version: UInt64) async throws -> JournalAppend {
        try await timed { try $0.append(changes, rows: rows, after: version) }
    }

    /// Runs an append on the writer's thread, telling `commitObserver` how long it took.
    private func timed(_ append: @escaping @Sendable (any StateStore) throws -> JournalAppend) async throws -> JournalAppend {
        try await perform { [commitObserver] store in
            let started = ContinuousClock.now
            defer { commitObserver?(ContinuousClock.now - started) }
            return try append(store)
        }
    }

    /// The rows the store would write for `changes`, written where the caller is (`StateStore.rows(of:)`); nil when it
    /// has none, or cannot write them (the append then writes them, and fails as it would have).
    func rows(of changes: [ResourceChange]) -> [RowBody?]? { try? store.rows(of: changes) }

    /// The entries after `version`, or nil when the whole state must be loaded again.
    func entries(after version: UInt64) async throws -> [JournalEntry]? {
        try await perform { try $0.entries(after: version) }
    }

    /// The whole state as the store has it now.
    func load() async throws -> StoredCloud {
        try await perform { try $0.load() }
    }

    /// Runs `work` with the store on the writer's thread, in order after anything given before.
    private func perform<Result: Sendable>(_ work: @escaping @Sendable (any StateStore) throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
            queue.async { [store] in continuation.resume(with: Swift.Result { try work(store) }) }
        }
    }
}
