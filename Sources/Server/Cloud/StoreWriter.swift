import CloudModel
import Dispatch
import Persistence

/// Talks to the store on a thread of its own, so the event loops never wait on the disk or the database.
///
/// The thread runs at the cloud's thread's priority (`CloudExecutor`): every write waits for it, and what it is given
/// is short (an append, or one slice of a large batch's staging or folding), so a write wakes it without waiting for
/// a core behind longer work (the long reads', or another process's).
final class StoreWriter: Sendable {
    let store: any StateStore
    private let thread = ExecutorThreads<@Sendable () -> Void>(count: 1, name: "localvpc-store", niceness: -5)
    /// Told how long each append took, on the writer's thread (`/metrics`' commit latency).
    private let commitObserver: (@Sendable (Duration) -> Void)?

    init(store: any StateStore, commitObserver: (@Sendable (Duration) -> Void)? = nil) {
        self.store = store
        self.commitObserver = commitObserver
        thread.start { work in work() }
        // What a stopped process appended and did not fold.
        thread.enqueue { [self] in foldIfNeeded() }
    }

    deinit { thread.finish() }

    /// Appends `entry` after `version` (see `StateStore.append(_:after:)`), in order after anything given before.
    nonisolated(nonsending) func append(_ entry: JournalEntry, after version: UInt64) async throws -> JournalAppend {
        try await timed { try $0.append(entry, after: version) }
    }

    /// Appends `changes` after `version`, with the rows written ahead for some of them (`StateStore.rows(of:)`).
    nonisolated(nonsending) func append(_ changes: [ResourceChange], rows: [RowBody?], after version: UInt64) async throws -> JournalAppend {
        try await timed { try $0.append(changes, rows: rows, after: version) }
    }

    /// Whether the store stages large batches (`StateStore.stagesBatches`).
    var stagesBatches: Bool { store.stagesBatches }

    /// Stages `changes` with their rows (`rows(of:)`, by position) in slices of `SQLiteStateStore.sliceSize`, each in
    /// its turn on the writer's thread, so that what is appended meanwhile waits for a slice at most; the batch, to
    /// append once its command is queued.
    nonisolated(nonsending) func stage(_ changes: [ResourceChange], rows: [RowBody?]) async throws -> StagedBatch {
        let batch = StagedBatch(count: changes.count)
        do {
            for start in stride(from: 0, to: changes.count, by: SQLiteStateStore.sliceSize) {
                let range = start..<min(start + SQLiteStateStore.sliceSize, changes.count)
                let (slice, sliceRows) = (Array(changes[range]), Array(rows[range]))
                try await perform { try $0.stage(slice[...], rows: sliceRows[...], in: batch) }
            }
        } catch {
            discard(batch)
            throw error
        }
        return batch
    }

    /// Appends what was staged in `batch` after `version` (`StateStore.append(staged:after:)`).
    nonisolated(nonsending) func append(staged batch: StagedBatch, after version: UInt64) async throws -> JournalAppend {
        try await timed { try $0.append(staged: batch, after: version) }
    }

    /// Drops what was staged in `batch`, in its turn, unless it was appended; a failure leaves it to be dropped at the
    /// next start.
    func discard(_ batch: StagedBatch) {
        thread.enqueue { [store] in try? store.discard(batch) }
    }

    /// Runs an append on the writer's thread, telling `commitObserver` how long it took.
    private nonisolated(nonsending) func timed(_ append: @escaping @Sendable (any StateStore) throws -> JournalAppend) async throws -> JournalAppend {
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
    nonisolated(nonsending) func entries(after version: UInt64) async throws -> [JournalEntry]? {
        try await perform { try $0.entries(after: version) }
    }

    /// The whole state as the store has it now.
    nonisolated(nonsending) func load() async throws -> StoredCloud {
        try await perform { try $0.load() }
    }

    /// Runs `work` with the store on the writer's thread, in order after anything given before; then folds, if the
    /// store has appended changes to fold (`foldIfNeeded`).
    private nonisolated(nonsending) func perform<Result: Sendable>(_ work: @escaping @Sendable (any StateStore) throws -> Result) async throws
        -> Result
    {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
            thread.enqueue { [self] in
                continuation.resume(with: Swift.Result { try work(store) })
                foldIfNeeded()
            }
        }
    }

    /// How many appended changes stay unfolded while writes go on: one that a later change overwrites or deletes
    /// meanwhile (a launch's instances, terminated) is never folded at all (`SQLiteStateStore.foldSlice()`): under a
    /// background of launches and terminations the writer's thread did about 40% less per launch (README, "Fairness
    /// under load"). The rest is folded once the writer has had nothing to do for ``idleFoldDelay`` (seconds).
    static let foldWindow = 8_192
    static let idleFoldDelay = 0.2

    /// Read and written only on the writer's thread: whether a fold slice is queued, whether an idle fold is to be
    /// checked for, and how many items of work ran (the idle check's clock).
    nonisolated(unsafe) private var isFoldQueued = false
    nonisolated(unsafe) private var isIdleFoldScheduled = false
    nonisolated(unsafe) private var performed = 0

    /// After each item of work, on the writer's thread: folds what is beyond ``foldWindow``, and has the rest folded
    /// once the writer is idle.
    private func foldIfNeeded() {
        performed &+= 1
        if store.unfoldedCount > Self.foldWindow {
            foldSlices { [store] in store.unfoldedCount > Self.foldWindow }
        } else if store.hasUnfoldedChanges {
            scheduleIdleFold()
        }
    }

    /// Queues one slice of the store's fold (`StateStore.foldSlice()`) behind what is queued now, and the next one
    /// behind what is queued then, while `goOn` says so and something is left: whatever is appended meanwhile waits for
    /// one slice at most, never for the whole fold. Runs on the writer's thread.
    private func foldSlices(while goOn: @escaping @Sendable () -> Bool) {
        guard !isFoldQueued else { return }
        isFoldQueued = true
        thread.enqueue { [self] in
            isFoldQueued = false
            // Stopped: what is left is folded at the next idle moment.
            guard goOn() else { return scheduleIdleFold() }
            // A failure (the disk full, say) leaves the changes where start-up reads them; the next append tries again.
            if (try? store.foldSlice()) == true { foldSlices(while: goOn) }
        }
    }

    /// Folds everything left once nothing else has run on the writer's thread for ``idleFoldDelay``, and stops as soon
    /// as something does (to wait for the next idle moment). Runs on the writer's thread.
    private func scheduleIdleFold() {
        guard !isIdleFoldScheduled else { return }
        isIdleFoldScheduled = true
        let seen = performed
        DispatchQueue.global().asyncAfter(deadline: .now() + Self.idleFoldDelay) { [weak self] in
            self?.thread.enqueue { [weak self] in
                guard let self else { return }
                isIdleFoldScheduled = false
                guard store.hasUnfoldedChanges else { return }
                guard performed == seen else { return scheduleIdleFold() }
                foldSlices { [weak self] in self?.performed == seen }
            }
        }
    }
}
