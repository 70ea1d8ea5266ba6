public import CloudModel
public import Foundation
public import Persistence
import Synchronization

/// The one place the cloud's state changes: commands run here one at a time, are made durable, then applied.
///
/// Writers are serialised by the actor, which runs on a thread of its own (`CloudExecutor`). Readers never wait behind a
/// write's disk I/O: `snapshot()` copies the current state (a value, so the copy is cheap and never changes under the
/// reader) out of a lock held only for the copy and for swapping in a state with a durable batch applied, which is made
/// outside the lock while the batch is written (`CurrentState`).
///
/// No account's costly work holds up another's: a write over many instances is worked out off the actor
/// (`performAside`), and reaches it only to join the write queue.
///
/// Commits are grouped: while one batch of changes is being written (on the store's own thread), the actor
/// goes on running commands, each seeing the changes still in flight laid over the state (`PendingChanges`, laid once
/// for all of them). The next batch writes all of them as one journal entry. Nobody hears of a change before it is
/// durable: a command's caller resumes, and readers see its changes, only once its batch is written. A batch that
/// fails to be written fails its commands and every command run on top of them.
///
/// The store is a journal that other servers may append to (`StateStore`). A batch is appended only after the version
/// its commands read; when another server appended first, the service catches up with what it appended and runs the
/// batch's commands again, in order, on the newer state: each either changes what it now changes or is refused alone,
/// exactly as if it had arrived after the other server's, so every rule that reads the whole state holds across servers.
/// A command refused on changes still in flight (a second delete of a VPC being deleted) answers only once they are
/// durable, and runs again with them when they were not.
///
/// A large batch worked out aside is a `Flight`: applied to a copy of the state in the background, while commands that
/// cannot depend on it run on the state without it and are written, applied and answered before it lands.
///
/// This file holds the write queue; `CloudService+Reads.swift` reading the state; `CloudService+Flights.swift` the
/// commands worked out aside and their flights; and `CloudService+Journal.swift` catching up with other servers and
/// running commands again. The actor's state is internal rather than private only so that those files reach it:
/// nothing else touches it.
public actor CloudService {
    public nonisolated let clock: CloudClock
    /// The actor runs on a thread of its own (`CloudExecutor`), neither an event loop nor a long-read thread.
    public nonisolated var unownedExecutor: UnownedSerialExecutor { CloudExecutor.shared.asUnownedSerialExecutor() }
    public let configuration: CloudConfiguration
    let writer: StoreWriter
    let current: CurrentState
    /// The journal version `current` is at.
    var version: UInt64
    /// Commands that ran but whose changes are not yet durable, oldest first.
    var pending: [PendingCommand] = []
    /// The changes of `pending`, laid once for every command that runs on top of them (and, until `pending` empties,
    /// the changes of commands already written, which the state shows as they are laid).
    var laid = PendingChanges()
    /// Whether a batch (or another entry) is being appended now.
    var isWriting = false
    let feed = ChangeFeed()
    /// On a store other servers append to: what a read waits for, to see every change acknowledged before it started.
    nonisolated let readCatchUp: ReadCatchUp?
    /// `version`, readable without the actor (by `readCatchUp`).
    nonisolated let appliedVersion: Mutex<UInt64>
    /// How many commands with changes in each account-and-region were queued: a command worked out aside
    /// (`performAside`) against a view of its region commits only if this has not moved since (see `ScopeStamp`).
    var writesByScope: [AccountRegion: UInt64] = [:]
    /// How many queued commands put a resource holding a public address (the pool is shared by every account).
    var publicIpWrites: UInt64 = 0
    /// Moves whenever the state changes other than by a command queued here: another server's entries, a reset, the
    /// clock, commands run again or failed. A view taken before it moved is stale everywhere.
    var epoch: UInt64 = 0
    /// The large batch being made durable and applied in the background, if any (`Flight`).
    var flight: Flight?
    /// How many flights there were: tells a flight's background apply whether it is still the one in the air.
    var flights: UInt64 = 0
    /// The changes of commands run beside the flight, laid for the commands run beside it after them.
    var besideLaid = PendingChanges()
    /// Applies a flight's changes to the state before them, off the actor (`CurrentState.applying`); tests hold it.
    var flightApplier: @Sendable ([ResourceChange], CloudState) async -> CloudState

    /// Loads the state from `store`; `commitObserver` hears how long each batch took to become durable (`/metrics`).
    public init(
        store: any StateStore, clock: CloudClock = CloudClock(), configuration: CloudConfiguration = CloudConfiguration(),
        commitObserver: (@Sendable (Duration) -> Void)? = nil
    ) throws {
        self.writer = StoreWriter(store: store, commitObserver: commitObserver)
        self.clock = clock
        self.configuration = configuration
        let stored = try store.load()
        self.current = CurrentState(stored.state)
        self.version = stored.version
        self.appliedVersion = Mutex(stored.version)
        self.readCatchUp = store.isShared ? ReadCatchUp(store: store) : nil
        self.flightApplier = { [current] changes, state in await current.applying(changes, to: state) }
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

    /// Runs `command` against the state of `scope`, makes its changes durable, applies them, and returns its result.
    ///
    /// With `dryRun`, the command is checked in full and then `DryRunOperation` is thrown instead of committing:
    /// exactly AWS's "would have succeeded". A command that throws changes nothing. The command may run more than once
    /// (when another server sharing the store appended first): it must only read and change the transaction.
    public nonisolated func perform<Result: Sendable>(
        in scope: AccountRegion,
        dryRun: Bool = false,
        _ command: @escaping @Sendable (inout Transaction) throws(EC2Error) -> Result
    ) async throws -> Result {
        try await prepareToWrite(in: scope)
        return try await commit(scope, dryRun: dryRun, command)
    }

    /// Before a command runs: caught up with what other servers acknowledged (a command refused on what it read, a
    /// resource another server made not found here yet, is a read too), and `scope`'s region activated.
    nonisolated func prepareToWrite(in scope: AccountRegion) async throws {
        try await catchUpBeforeReading()
        if !snapshot()[scope].isActivated { _ = try await activate(scope) }
    }

    /// Makes `scope`'s default VPC on its first use; the state afterwards.
    func activate(_ scope: AccountRegion) async throws -> CloudState {
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

    /// Catches up if the store is at a later version than this server (the follower, told of another server's append).
    public func catchUp(to latest: UInt64) async throws {
        if latest > version { try await synchronize() }
    }

    nonisolated func commit<Result: Sendable>(
        _ scope: AccountRegion,
        dryRun: Bool = false,
        _ command: @escaping @Sendable (inout Transaction) throws(EC2Error) -> Result
    ) async throws -> Result {
        let result = CommandResult<Result>()
        // A dry run is a command refused with `DryRunOperation` once it has checked everything.
        let run: @Sendable (inout Transaction) throws(EC2Error) -> Void = { transaction throws(EC2Error) in
            result.value = try command(&transaction)
            if dryRun { throw .dryRunOperation }
        }
        // Waited for here, outside the actor: the answer resumes the caller where it runs (its connection's event loop)
        // in one step. Waited for on the actor, it went there first, back to the actor to return, and then to the loop,
        // and waited at each for whatever was running there.
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            Task(executorPreference: CloudExecutor.shared.tasks) { await self.runAndQueue(run, in: scope, continuation: continuation) }
        }
        return try result.take()
    }

    /// Runs `run` and queues its changes (or its refusal), to resume `continuation` once they are durable.
    ///
    /// Run and queued in one step, on the actor: no other command may run between them. (An `await` between the two,
    /// even of a function of this actor, is a point where the actor may run other commands: they would not see this
    /// one's changes, and two commands would hand out one address.)
    private func runAndQueue(
        _ run: @escaping @Sendable (inout Transaction) throws(EC2Error) -> Void, in scope: AccountRegion,
        continuation: CheckedContinuation<Void, any Error>
    ) {
        var command = PendingCommand(scope: scope, run: run)
        command.isBesideFlight = mayRunBesideFlight(in: scope)
        // The transaction (and its reference to the old state) ends with this closure.
        let runOn = { (laid: PendingChanges) throws(EC2Error) -> [ResourceChange] in
            var transaction = Transaction(
                base: self.snapshot(), laid: laid, scope: scope, now: self.clock.now(), configuration: self.configuration)
            try run(&transaction)
            return transaction.changes
        }
        do throws(EC2Error) {
            if command.isBesideFlight {
                command.changes = try runOn(besideLaid)
                if let flight, !flight.admits(command.changes) {
                    // It changes what the flight read: it runs again after the flight, on the state with it.
                    command.isBesideFlight = false
                    command.changes = try runOn(laid)
                }
            } else {
                command.changes = try runOn(laid)
            }
        } catch {
            command.refusal = error
        }
        queue(command, continuation: continuation)
    }

    /// Queues `command` for the next batch and returns once it (and everything queued before) is durable and applied.
    private func durable(_ command: PendingCommand) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            queue(command, continuation: continuation)
        }
    }

    /// Queues `command` for the next batch, to resume `continuation` once it (and everything queued before) is durable
    /// and applied; `changesLaid`, its changes already laid (over nothing else).
    ///
    /// Whatever a command answers, success or refusal, it may have read changes still in flight: it answers once they
    /// are durable (they may not be: when another server appended first, they run again, and so does it). A command
    /// that changed nothing, with nothing in flight, answers at once.
    func queue(
        _ command: PendingCommand, laid changesLaid: consuming PendingChanges? = nil, continuation: CheckedContinuation<Void, any Error>
    ) {
        var command = command
        command.continuation = continuation
        // (A command run on top of a flight may have read its changes, which readers do not see yet.)
        if command.alone == nil, command.changes.isEmpty, pending.isEmpty, flight == nil || command.isBesideFlight { return command.answer() }
        count(command.summary)
        // The smaller layer goes under or over the larger: a launch's 3,000 changes laid over a few small commands took
        // 12 ms of the actor's time, every other write waiting. The command's own layer is taken out of the parameter,
        // so that it has one owner and is changed in place, not copied.
        if let count = changesLaid?.count, count > laid.count, var own = changesLaid.take() {
            own.lay(under: laid)
            laid = own
        } else {
            laid.lay(command.changes, over: snapshot())
            if changesLaid != nil { Reclaimer.release(changesLaid.take()) }
        }
        if command.isBesideFlight { besideLaid.lay(command.changes, over: snapshot()) }
        // At once, if it can: the commands queued while it waits for the writing to get to it may run beside it.
        if flight == nil, pending.isEmpty, command.alone == nil, startsFlight(command) {
            takeOff(command)
        } else {
            pending.append(command)
        }
        if !isWriting {
            isWriting = true
            Task(executorPreference: CloudExecutor.shared.tasks) { await self.writeBatches() }
        }
    }

    /// Counts a command's changes as written, for the stamps of views taken before (`ScopeStamp`).
    private func count(_ summary: ChangeSummary) {
        for scope in summary.scopes { writesByScope[scope, default: 0] += 1 }
        if summary.holdsPublicIps { publicIpWrites += 1 }
    }

    /// Writes what is pending, in order, until nothing is left: the commands up to the next entry that goes alone as one
    /// batch, then that entry. A large batch worked out aside takes off as a flight; the commands run beside it are
    /// written, applied and answered in batches of their own while it is applied; what ran on top of it waits until it
    /// lands (the flight's background apply starts the writing again then).
    func writeBatches() async {
        while true {
            if let flight, !flight.isAppended {
                await appendFlight()
                continue
            }
            if let flight, let applied = flight.applied {
                land(flight, applied)
                continue
            }
            guard let first = pending.first else { break }
            if flight != nil, !first.isBesideFlight { break }
            if flight == nil, startsFlight(first) {
                takeOff(pending.removeFirst())
                continue
            }
            if first.isBesideFlight {
                await writeBesideFlight()
                continue
            }
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
            let count = pending.prefix { $0.alone == nil && !$0.isBesideFlight && !startsFlight($0) }.count
            let changes = pending.prefix(count).flatMap(\.changes)
            do {
                if !changes.isEmpty {
                    switch try await appendAndApply(changes, rows: Self.rows(of: pending.prefix(count))) {
                    case .appended(let appended):
                        version = appended
                        appliedVersion.withLock { $0 = appended }
                        feed.publish(changes)
                    case .behind:
                        // Another server appended first: its changes come first, and these commands run again after them.
                        try await catchUp()
                        runPendingAgain()
                        continue
                    }
                }
                let done = pending.prefix(count)
                pending.removeFirst(count)
                if pending.isEmpty { clearLaid() }
                for command in done { command.answer() }
            } catch {
                failPending(error)
            }
        }
        isWriting = false
    }

    /// Empties the layer of pending changes (`laid`), letting go of what it held off the actor (`Reclaimer`): after a
    /// flight, the 3,000 resources of a launch.
    func clearLaid() {
        let old = laid
        laid = PendingChanges()
        Reclaimer.release(consume old)
    }

    /// Fails every command pending: each ran on top of a batch that could not be written, so none of them happened. A
    /// flight already durable stays in the air, and its changes stay laid.
    func failPending(_ error: any Error) {
        epoch += 1
        let failed = pending
        pending.removeAll()
        for case let staged? in failed.map(\.staged) { writer.discard(staged) }
        laid = PendingChanges()
        besideLaid = PendingChanges()
        if let flight { laid.lay(flight.command.changes, over: snapshot()) }
        for command in failed { command.continuation?.resume(throwing: error) }
    }

    /// How many commands wait to be written (tests wait for a command to be queued before queueing the next).
    var pendingCount: Int { pending.count }

    /// Appends `changes` as one batch and, once they are durable, applies them to the state readers see. A large batch is
    /// applied to a copy on another thread while it is written (applying it takes about as long as writing it, and the
    /// next batch waits for both); a small one here, once written, sparing a hand-off between threads.
    private func appendAndApply(_ changes: [ResourceChange], rows: [RowBody?]?) async throws -> JournalAppend {
        guard changes.count >= Self.appliedAlongsideSize else {
            let appended = try await append(changes, rows: rows)
            if case .appended = appended { current.apply(changes) }
            return appended
        }
        async let next = current.applying(changes)
        let appended = try await append(changes, rows: rows)
        if case .appended = appended { current.replace(with: await next) }
        return appended
    }

    func append(_ changes: [ResourceChange], rows: [RowBody?]?) async throws -> JournalAppend {
        guard let rows else { return try await writer.append(.changes(changes), after: version) }
        return try await writer.append(changes, rows: rows, after: version)
    }

    /// The rows written ahead for a batch of `commands`' changes, by position (nil for a change to write when the batch
    /// is); nil when none were.
    static func rows(of commands: ArraySlice<PendingCommand>) -> [RowBody?]? {
        guard commands.contains(where: { $0.rows != nil }) else { return nil }
        return commands.flatMap { command in command.rows ?? Array(repeating: nil, count: command.changes.count) }
    }

    /// Batches of at least this many changes are applied while they are written (`appendAndApply`).
    static let appliedAlongsideSize = 256
}
