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
/// `pending`). The next batch writes all of them as one journal entry. Nobody hears of a change before it is
/// durable: a command's caller resumes, and readers see its changes, only once its batch is written. A batch that
/// fails to be written fails its commands and every command run on top of them.
///
/// The store is a journal that other servers may append to (`StateStore`). A batch is appended only after the version
/// its commands read; when another server appended first, the service catches up with what it appended and runs the
/// batch's commands again, in order, on the newer state: each either changes what it now changes or is refused alone,
/// exactly as if it had arrived after the other server's. So every rule that reads the whole state holds across servers.
public actor CloudService {
    public nonisolated let clock: CloudClock
    public let configuration: CloudConfiguration
    private let writer: StoreWriter
    private let current: Mutex<CloudState>
    /// The journal version `current` is at.
    private var version: UInt64
    /// Commands that ran but whose changes are not yet durable, oldest first.
    private var pending: [PendingCommand] = []
    /// Whether a batch (or another entry) is being appended now.
    private var isWriting = false
    private let feed = ChangeFeed()
    /// On a store other servers append to: what a read waits for, to see every change acknowledged before it started.
    private nonisolated let readCatchUp: ReadCatchUp?
    /// `version`, readable without the actor (by `readCatchUp`).
    private nonisolated let appliedVersion: Mutex<UInt64>

    /// Loads the state from `store`; `commitObserver` hears how long each batch took to become durable (`/metrics`).
    public init(
        store: any StateStore, clock: CloudClock = CloudClock(), configuration: CloudConfiguration = CloudConfiguration(),
        commitObserver: (@Sendable (Duration) -> Void)? = nil
    ) throws {
        self.writer = StoreWriter(store: store, commitObserver: commitObserver)
        self.clock = clock
        self.configuration = configuration
        let stored = try store.load()
        self.current = Mutex(stored.state)
        self.version = stored.version
        self.appliedVersion = Mutex(stored.version)
        self.readCatchUp = store.isShared ? ReadCatchUp(store: store) : nil
        // A clock moved before the last stop goes on from where it was (bounded again, whoever wrote it).
        if stored.clockOffset != 0 { clock.set(offset: stored.clockOffset) }
    }

    /// Moves the clock forward by `seconds` (at most to `CloudClock.maximumOffset`), durably, and returns the new now.
    ///
    /// The offset is kept with the state: the state's times were read from this clock, so after a restart an expired
    /// peering is still expired, and every server sharing the store reads the same time.
    @discardableResult
    public func advanceClock(by seconds: TimeInterval) async throws -> Date {
        let clock = clock
        // Read from the clock when it is written: an advance made by another server meanwhile is caught up first.
        try await durable(PendingCommand(alone: { .clockOffset(CloudClock.bounded(clock.offset + (seconds.isFinite ? max(0, seconds) : 0))) }))
        return clock.now()
    }

    /// The state now, for reading. Never waits for the actor, except on a region's first use, when its
    /// default VPC must be made (and made durable) first.
    public nonisolated func snapshot(for scope: AccountRegion) async throws -> CloudState {
        try await catchUpBeforeReading()
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
    /// exactly AWS's "would have succeeded". A command that throws changes nothing. The command may run more than once
    /// (when another server sharing the store appended first): it must only read and change the transaction.
    public func perform<Result: Sendable>(
        in scope: AccountRegion,
        dryRun: Bool = false,
        _ command: @escaping @Sendable (inout Transaction) throws(EC2Error) -> Result
    ) async throws -> Result {
        // A command refused on what it read (a resource another server made is not found here yet) is a read too.
        try await catchUpBeforeReading()
        if !snapshot()[scope].isActivated { _ = try await activate(scope) }
        return try await commit(scope, dryRun: dryRun, command)
    }

    /// Makes `scope`'s default VPC on its first use; the state afterwards.
    private func activate(_ scope: AccountRegion) async throws -> CloudState {
        if !snapshot()[scope].isActivated {
            // Idempotent: run again after another server activated the region, it makes nothing.
            try await commit(scope) { transaction in transaction.activateRegion() }
        }
        return snapshot()
    }

    /// Forgets every resource of every account and region, and sets the clock back to real time.
    public func reset() async throws {
        try await durable(PendingCommand(alone: { .reset }))
    }

    /// Catches up with what other servers sharing the store appended, so that a read started now sees every change
    /// acknowledged before it.
    public func synchronize() async throws {
        try await durable(PendingCommand(alone: { nil }))
    }

    /// Whether other servers append to the same store (`serve --database-url`).
    public nonisolated var isShared: Bool { readCatchUp != nil }

    /// On a shared store, catches up with what other servers acknowledged before now, so that a read started now sees
    /// it: asks the store for its latest version (one round trip, shared by the reads that arrive meanwhile) and reads
    /// what this server has not applied yet, if anything. Nothing to do on a store only this server writes.
    public nonisolated func catchUpBeforeReading() async throws {
        guard let readCatchUp else { return }
        let latest = try await readCatchUp.latestVersion()
        if latest > appliedVersion.withLock({ $0 }) { try await synchronize() }
    }

    /// Catches up if the store is at a later version than this server (the follower, told of another server's append).
    public func catchUp(to latest: UInt64) async throws {
        if latest > version { try await synchronize() }
    }

    private func commit<Result: Sendable>(
        _ scope: AccountRegion,
        dryRun: Bool = false,
        _ command: @escaping (inout Transaction) throws(EC2Error) -> Result
    ) async throws -> Result {
        let result = CommandResult<Result>()
        let run: (inout Transaction) throws(EC2Error) -> Void = { transaction throws(EC2Error) in result.value = try command(&transaction) }
        // The transaction (and its reference to the old state) ends with this closure, so applying changes
        // afterwards mutates the state in place instead of copying it.
        let changes = try { () throws -> [ResourceChange] in
            var transaction = Transaction(
                base: snapshot(), pending: pending.flatMap(\.changes), scope: scope, now: clock.now(), configuration: configuration)
            try run(&transaction)
            return transaction.changes
        }()
        if dryRun { throw EC2Error.dryRunOperation }
        // Even a command that changed nothing may have read changes still in flight: it answers once they are durable.
        if !changes.isEmpty || !pending.isEmpty { try await durable(PendingCommand(scope: scope, run: run, changes: changes)) }
        return try result.take()
    }

    /// Queues `command` for the next batch and returns once it (and everything queued before) is durable and applied.
    private func durable(_ command: PendingCommand = PendingCommand()) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            var command = command
            command.continuation = continuation
            pending.append(command)
            if !isWriting {
                isWriting = true
                Task { await writeBatches() }
            }
        }
    }

    /// Writes what is pending, in order, until nothing is left: the commands up to the next entry that goes alone as one
    /// batch, then that entry.
    private func writeBatches() async {
        while !pending.isEmpty {
            if let alone = pending[0].alone {
                let command = pending.removeFirst()
                do {
                    try await append(alone)
                    command.continuation?.resume()
                } catch {
                    command.continuation?.resume(throwing: error)
                }
                // What was queued behind it ran on the state before it (before a reset, on another clock): it runs again.
                runPendingAgain()
                continue
            }
            let count = pending.prefix { $0.alone == nil }.count
            let changes = pending.prefix(count).flatMap(\.changes)
            do {
                if !changes.isEmpty {
                    switch try await writer.append(.changes(changes), after: version) {
                    case .appended(let appended):
                        apply(.changes(changes), version: appended)
                    case .behind:
                        // Another server appended first: its changes come first, and these commands run again after them.
                        try await catchUp()
                        runPendingAgain()
                        continue
                    }
                }
                let done = pending.prefix(count)
                pending.removeFirst(count)
                for command in done { command.continuation?.resume() }
            } catch {
                // Every command still pending ran on top of this batch: none of them happened.
                let failed = pending
                pending.removeAll()
                for command in failed { command.continuation?.resume(throwing: error) }
            }
        }
        isWriting = false
    }

    /// Appends the entry `make` makes, after catching up with other servers (made again for as long as another server
    /// appends first, so that it reads the latest state, as an advance of the clock must); nil only catches up.
    private func append(_ make: () -> JournalEntry?) async throws {
        try await catchUp()
        while let entry = make() {
            switch try await writer.append(entry, after: version) {
            case .appended(let appended): return apply(entry, version: appended)
            case .behind: try await catchUp()
            }
        }
    }

    /// Applies what other servers appended since `version`, or the whole state again when the store no longer has
    /// every entry since.
    private func catchUp() async throws {
        if let entries = try await writer.entries(after: version) {
            for entry in entries { apply(entry, version: version + 1) }
            return
        }
        let stored = try await writer.load()
        current.withLock { $0 = stored.state }
        clock.set(offset: stored.clockOffset)
        version = stored.version
        appliedVersion.withLock { $0 = stored.version }
        // Followers cannot tell what changed: they read everything again, as after a reset.
        feed.publish([], isReset: true)
    }

    /// Applies a durable entry, which became `version`, and tells the change feed.
    private func apply(_ entry: JournalEntry, version: UInt64) {
        self.version = version
        appliedVersion.withLock { $0 = version }
        switch entry {
        case .changes(let changes):
            current.withLock { $0.apply(changes) }
            feed.publish(changes)
        case .clockOffset(let offset):
            clock.set(offset: offset)
        case .reset:
            current.withLock { $0 = CloudState() }
            clock.reset()
            feed.publish([], isReset: true)
        }
    }

    /// Runs every pending command again, in order, on the state as it is now: their batch was behind another server's.
    /// A command the newer state refuses fails alone; the others go on with what they change now.
    private func runPendingAgain() {
        let base = snapshot()
        var kept: [PendingCommand] = []
        var laid: [ResourceChange] = []
        for var command in pending {
            guard let run = command.run, command.alone == nil else {
                kept.append(command)
                continue
            }
            var transaction = Transaction(base: base, pending: laid, scope: command.scope, now: clock.now(), configuration: configuration)
            do {
                try run(&transaction)
                command.changes = transaction.changes
                laid += command.changes
                kept.append(command)
            } catch {
                command.continuation?.resume(throwing: error)
            }
        }
        pending = kept
    }
}

/// A command that ran, waiting for its changes to be durable.
private struct PendingCommand {
    /// The region the command ran in, and how to run it again; nil for a caller only waiting for what is pending.
    var scope = AccountRegion(account: "", region: "")
    var run: ((inout Transaction) throws(EC2Error) -> Void)?
    var changes: [ResourceChange] = []
    /// An entry that is appended alone, in its turn, made when it is written (the clock moved, a reset; nil: only
    /// catching up with other servers).
    var alone: (() -> JournalEntry?)?
    var continuation: CheckedContinuation<Void, any Error>?

    init(
        scope: AccountRegion = AccountRegion(account: "", region: ""), run: ((inout Transaction) throws(EC2Error) -> Void)? = nil,
        changes: [ResourceChange] = []
    ) {
        self.scope = scope
        self.run = run
        self.changes = changes
    }

    init(alone: @escaping () -> JournalEntry?) {
        self.alone = alone
    }
}

/// What a command answered, the last time it ran.
private final class CommandResult<Value> {
    var value: Value?

    /// Never thrown by a command that completed: its result is set each time it runs. Answered as `InternalError`.
    struct Missing: Error {}

    func take() throws -> Value {
        guard let value else { throw Missing() }
        return value
    }
}
