public import CloudModel
public import Foundation
public import Persistence
import Synchronization

/// The one place the cloud's state changes: commands run here one at a time, are made durable, then applied.
///
/// Writers are serialised by the actor. Readers never wait behind a write's disk I/O: `snapshot()` copies the
/// current state (a value, so the copy is cheap and never changes under the reader) out of a mutex held only
/// for the copy and for applying an already-durable change.
///
/// Commits are grouped: while one batch of changes is being written (on the store's own thread), the actor
/// goes on running commands, each seeing the changes still in flight laid over the state (`Transaction`'s
/// `pending`). The next batch writes all of them in one store transaction. Nobody hears of a change before
/// it is durable: a command's caller resumes, and readers see its changes, only once its batch is written.
/// A batch that fails to be written fails its commands and every command run on top of them.
public actor CloudService {
    public nonisolated let clock: CloudClock
    public let configuration: CloudConfiguration
    private let writer: StoreWriter
    private let current: Mutex<CloudState>
    /// Commands that ran but whose changes are not yet durable, oldest first.
    private var pending: [PendingCommand] = []
    /// Whether a batch is being written now.
    private var isWriting = false
    private let feed = ChangeFeed()

    /// Loads the state from `store`; `commitObserver` hears how long each batch took to become durable (`/metrics`).
    public init(
        store: any StateStore, clock: CloudClock = CloudClock(), configuration: CloudConfiguration = CloudConfiguration(),
        commitObserver: (@Sendable (Duration) -> Void)? = nil
    ) throws {
        self.writer = StoreWriter(store: store, commitObserver: commitObserver)
        self.clock = clock
        self.configuration = configuration
        self.current = Mutex(try store.load())
        // A clock moved before the last stop goes on from where it was (bounded again, whoever wrote it).
        let storedOffset = try store.loadClockOffset()
        if storedOffset != 0 { clock.set(offset: storedOffset) }
    }

    /// Moves the clock forward by `seconds` (at most to `CloudClock.maximumOffset`), durably, and returns the new now.
    ///
    /// The offset is kept with the state: the state's times were read from this clock, so after a restart an expired
    /// peering is still expired.
    @discardableResult
    public func advanceClock(by seconds: TimeInterval) async throws -> Date {
        let clock = clock
        try await writer.perform { store in
            // On the writer's thread, one advance at a time: none is lost to another running at once.
            let offset = CloudClock.bounded(clock.offset + (seconds.isFinite ? max(0, seconds) : 0))
            try store.saveClockOffset(offset)
            clock.set(offset: offset)
        }
        return clock.now()
    }

    /// The state now, for reading. Never waits for the actor, except on a region's first use, when its
    /// default VPC must be made (and made durable) first.
    public nonisolated func snapshot(for scope: AccountRegion) async throws -> CloudState {
        let state = snapshot()
        if state[scope].isActivated { return state }
        return try await activate(scope)
    }

    /// The state now, without activating anything.
    public nonisolated func snapshot() -> CloudState { current.withLock { $0 } }

    /// The change feed: every batch applied from now on, with its state version, in order. Read the state the batch
    /// led to with `snapshot()` (it may already include later batches). With `latestOnly`, batches a slow follower
    /// has not read yet are replaced by the newest one.
    public nonisolated func changes(latestOnly: Bool = false) -> AsyncStream<CommittedBatch> { feed.follow(latestOnly: latestOnly) }

    /// The version of the state now: the number of batches applied since the server started.
    public nonisolated var stateVersion: UInt64 { feed.version }

    /// Runs `command` against the state of `scope`, makes its changes durable, applies them, and returns its result.
    ///
    /// With `dryRun`, the command is checked in full and then `DryRunOperation` is thrown instead of committing:
    /// exactly AWS's "would have succeeded". A command that throws changes nothing.
    public func perform<Result: Sendable>(
        in scope: AccountRegion,
        dryRun: Bool = false,
        _ command: @Sendable (inout Transaction) throws(EC2Error) -> Result
    ) async throws -> Result {
        if !snapshot()[scope].isActivated { _ = try await activate(scope) }
        return try await commit(scope, dryRun: dryRun, command)
    }

    /// Makes `scope`'s default VPC on its first use; the state afterwards.
    private func activate(_ scope: AccountRegion) async throws -> CloudState {
        if !snapshot()[scope].isActivated {
            try await commit(scope) { transaction in transaction.activateRegion() }
        }
        return snapshot()
    }

    /// Forgets every resource of every account and region, and sets the clock back to real time.
    public func reset() async throws {
        // Let every command already run become durable first, so that none of them lands after the reset.
        while isWriting || !pending.isEmpty { try? await durable() }
        try writer.store.reset()
        current.withLock { $0 = CloudState() }
        clock.reset()
        feed.publish([], isReset: true)
    }

    private func commit<Result>(
        _ scope: AccountRegion,
        dryRun: Bool = false,
        _ command: (inout Transaction) throws(EC2Error) -> Result
    ) async throws -> Result {
        // The transaction (and its reference to the old state) ends with this closure, so applying changes
        // afterwards mutates the state in place instead of copying it.
        let (result, changes) = try { () throws -> (Result, [ResourceChange]) in
            var transaction = Transaction(
                base: snapshot(), pending: pending.flatMap(\.changes), scope: scope, now: clock.now(), configuration: configuration)
            let result = try command(&transaction)
            return (result, transaction.changes)
        }()
        if dryRun { throw EC2Error.dryRunOperation }
        // Even a command that changed nothing may have read changes still in flight: it answers once they are durable.
        if !changes.isEmpty || !pending.isEmpty { try await durable(changes) }
        return result
    }

    /// Queues `changes` for the next batch and returns once they (and everything queued before) are durable and applied.
    private func durable(_ changes: [ResourceChange] = []) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            pending.append(PendingCommand(changes: changes, continuation: continuation))
            if !isWriting {
                isWriting = true
                Task { await writeBatches() }
            }
        }
    }

    /// Writes what is pending, a batch at a time, until nothing is left.
    private func writeBatches() async {
        while !pending.isEmpty {
            let count = pending.count
            let changes = pending.prefix(count).flatMap(\.changes)
            do {
                try await writer.commit(changes)
                current.withLock { $0.apply(changes) }
                feed.publish(changes)
                let done = pending.prefix(count)
                pending.removeFirst(count)
                for command in done { command.continuation.resume() }
            } catch {
                // Every command still pending ran on top of this batch: none of them happened.
                let failed = pending
                pending.removeAll()
                for command in failed { command.continuation.resume(throwing: error) }
            }
        }
        isWriting = false
    }
}

/// A command that ran, waiting for its changes to be durable.
private struct PendingCommand {
    let changes: [ResourceChange]
    let continuation: CheckedContinuation<Void, any Error>
}
