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
public actor CloudService {
    public nonisolated let clock: CloudClock
    /// The actor runs on a thread of its own (`CloudExecutor`), neither an event loop nor a long-read thread.
    public nonisolated var unownedExecutor: UnownedSerialExecutor { CloudExecutor.shared.asUnownedSerialExecutor() }
    public let configuration: CloudConfiguration
    private let writer: StoreWriter
    private let current: CurrentState
    /// The journal version `current` is at.
    private var version: UInt64
    /// Commands that ran but whose changes are not yet durable, oldest first.
    private var pending: [PendingCommand] = []
    /// The changes of `pending`, laid once for every command that runs on top of them (and, until `pending` empties,
    /// the changes of commands already written, which the state shows as they are laid).
    private var laid = PendingChanges()
    /// Whether a batch (or another entry) is being appended now.
    private var isWriting = false
    private let feed = ChangeFeed()
    /// On a store other servers append to: what a read waits for, to see every change acknowledged before it started.
    private nonisolated let readCatchUp: ReadCatchUp?
    /// `version`, readable without the actor (by `readCatchUp`).
    private nonisolated let appliedVersion: Mutex<UInt64>
    /// How many commands with changes in each account-and-region were queued: a command worked out aside
    /// (`performAside`) against a view of its region commits only if this has not moved since (see `ScopeStamp`).
    private var writesByScope: [AccountRegion: UInt64] = [:]
    /// How many queued commands put a resource holding a public address (the pool is shared by every account).
    private var publicIpWrites: UInt64 = 0
    /// Moves whenever the state changes other than by a command queued here: another server's entries, a reset, the
    /// clock, commands run again or failed. A view taken before it moved is stale everywhere.
    private var epoch: UInt64 = 0
    /// The large batch being made durable and applied in the background, if any (`Flight`).
    private var flight: Flight?
    /// How many flights there were: tells a flight's background apply whether it is still the one in the air.
    private var flights: UInt64 = 0
    /// The changes of commands run beside the flight, laid for the commands run beside it after them.
    private var besideLaid = PendingChanges()
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

    /// The state now, for reading. Never waits for the actor, except on a region's first use, when its
    /// default VPC must be made (and made durable) first.
    public nonisolated func snapshot(for scope: AccountRegion) async throws -> CloudState {
        try await catchUpBeforeReading()
        let state = snapshot()
        if state[scope].isActivated { return state }
        return try await activate(scope)
    }

    /// The state now, without activating anything.
    public nonisolated func snapshot() -> CloudState { current.read() }

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
        try await prepareToWrite(in: scope)
        return try await commit(scope, dryRun: dryRun, command)
    }

    /// Before a command runs: caught up with what other servers acknowledged (a command refused on what it read, a
    /// resource another server made not found here yet, is a read too), and `scope`'s region activated.
    private nonisolated func prepareToWrite(in scope: AccountRegion) async throws {
        try await catchUpBeforeReading()
        if !snapshot()[scope].isActivated { _ = try await activate(scope) }
    }

    /// Runs `command` as `perform(in:dryRun:_:)` does, but works it out away from the actor and the event loops: for a
    /// command that takes long (a launch or a termination of hundreds of instances), which on the actor would hold every
    /// other account's writes, and the event loop the actor runs on, for as long.
    ///
    /// The command runs on the long-read threads against a view of the state as the actor sees it (the state plus the
    /// changes still being made durable). Its changes then join the write queue as one command, on the actor, if nothing
    /// was queued in its account and region since the view was taken (nor anything changed the state otherwise: see
    /// `ScopeStamp`): the command reads only its own region (and the public address pool, checked too), so it would have
    /// made the same changes on the actor. Otherwise it is worked out again, and after two misses it runs on the actor,
    /// like any other command. Either way all of its changes commit as one batch or none do, and nobody sees part of them.
    public nonisolated func performAside<Result: Sendable>(
        in scope: AccountRegion,
        dryRun: Bool = false,
        _ command: @escaping @Sendable (inout Transaction) throws(EC2Error) -> Result
    ) async throws -> Result {
        try await prepareToWrite(in: scope)
        attempts: for _ in 0..<2 {
            let view = await view(of: scope)
            let result = CommandResult<Result>()
            let run: @Sendable (inout Transaction) throws(EC2Error) -> Void = { transaction throws(EC2Error) in
                result.value = try command(&transaction)
            }
            let (configuration, writer) = (configuration, writer)
            let laid: WorkedOut
            do {
                laid = try await LongReadExecutor.run {
                    try Self.workOut(run, on: view, configuration: configuration, writer: dryRun ? nil : writer)
                }
            } catch is EC2Error where !view.laid.isEmpty {
                // Refused on changes still in flight, which may yet be undone: decided on the actor, which answers once
                // they are durable.
                break attempts
            }
            if dryRun {
                guard view.laid.isEmpty else { break attempts }
                throw EC2Error.dryRunOperation
            }
            // A flight's changes are staged while the command's turn comes, a slice at a time, so that neither it nor
            // the others wait for all of them to be written at once.
            var staged: StagedBatch?
            if writer.stagesBatches, fliesAside(laid.changes.count), let rows = laid.rows {
                staged = try await writer.stage(laid.changes, rows: rows)
            }
            if try await commitWorkedOut(run, laid: laid, scope: scope, stamp: view.stamp, staged: staged) { return try result.take() }
            if let staged { writer.discard(staged) }
        }
        return try await commit(scope, dryRun: dryRun, command)
    }

    /// The state as a command run now on the actor would see it, with the stamp it is valid for.
    private func view(of scope: AccountRegion) -> ScopeView {
        ScopeView(base: snapshot(), laid: laid, scope: scope, now: clock.now(), stamp: stamp(of: scope))
    }

    private func stamp(of scope: AccountRegion) -> ScopeStamp {
        ScopeStamp(epoch: epoch, writes: writesByScope[scope, default: 0], publicIpWrites: publicIpWrites)
    }

    /// Runs `run` against `view` where it is called (a long-read thread), and returns what it changes, laid, with the
    /// rows `writer`'s store will keep for them: written here, they spare the store's thread, which every write waits
    /// for (no writer: a dry run, which writes nothing).
    private nonisolated static func workOut(
        _ run: (inout Transaction) throws(EC2Error) -> Void, on view: ScopeView, configuration: CloudConfiguration, writer: StoreWriter?
    ) throws -> WorkedOut {
        var transaction = Transaction(base: view.base, laid: view.laid, scope: view.scope, now: view.now, configuration: configuration)
        try run(&transaction)
        let changes = transaction.changes
        return WorkedOut(changes: changes, laid: transaction.laidChanges, rows: writer?.rows(of: changes))
    }

    /// Queues changes worked out aside and returns once they are durable, or false at once when the view they were
    /// worked out on is stale.
    private func commitWorkedOut(
        _ run: @escaping @Sendable (inout Transaction) throws(EC2Error) -> Void, laid workedOut: WorkedOut, scope: AccountRegion,
        stamp: ScopeStamp, staged: StagedBatch?
    ) async throws -> Bool {
        let changes = workedOut.changes
        var isFresh = true
        // Checked and queued in one step (see `commit`): nothing may be queued in the region in between.
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let now = self.stamp(of: scope)
            let holdsPublicIps = changes.contains { change in
                if case .put(let resource) = change { return !resource.publicIps.isEmpty }
                return false
            }
            guard now.epoch == stamp.epoch, now.writes == stamp.writes, now.publicIpWrites == stamp.publicIpWrites || !holdsPublicIps else {
                isFresh = false
                return continuation.resume()
            }
            var command = PendingCommand(scope: scope, run: run, changes: changes)
            command.rows = workedOut.rows
            command.staged = staged
            command.isWorkedOutAside = true
            // Nothing else pending: what the command laid is what the commands after it read through.
            queue(command, laid: laid.isEmpty ? workedOut.laid : nil, continuation: continuation)
        }
        return isFresh
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
        // A dry run is a command refused with `DryRunOperation` once it has checked everything.
        let run: (inout Transaction) throws(EC2Error) -> Void = { transaction throws(EC2Error) in
            result.value = try command(&transaction)
            if dryRun { throw .dryRunOperation }
        }
        // Run and queued in one step, inside the continuation's body, which runs at once on the actor: no other command
        // may run between them. (An `await` between the two, even of a function of this actor, is a point where the
        // actor may run other commands: they would not see this one's changes, and two commands would hand out one
        // address.)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
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
        return try result.take()
    }

    /// Whether a command in `scope` run now may run beside the flight (`Flight`): there is one, on a store only this
    /// server writes, outside `scope`, and nothing queued since ran on top of it (such a command might have read anything,
    /// so what is applied before it must not change).
    private func mayRunBesideFlight(in scope: AccountRegion) -> Bool {
        guard let flight, readCatchUp == nil, !flight.scopes.contains(scope) else { return false }
        return pending.allSatisfy(\.isBesideFlight)
    }

    /// Queues `command` for the next batch and returns once it (and everything queued before) is durable and applied.
    private func durable(_ command: PendingCommand) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            queue(command, continuation: continuation)
        }
    }

    /// Queues `command` for the next batch, to resume `continuation` once it (and everything queued before) is durable
    /// and applied; `changesLaid`, its changes already laid, when nothing else is.
    ///
    /// Whatever a command answers, success or refusal, it may have read changes still in flight: it answers once they
    /// are durable (they may not be: when another server appended first, they run again, and so does it). A command
    /// that changed nothing, with nothing in flight, answers at once.
    private func queue(
        _ command: PendingCommand, laid changesLaid: PendingChanges? = nil, continuation: CheckedContinuation<Void, any Error>
    ) {
        var command = command
        command.continuation = continuation
        // (A command run on top of a flight may have read its changes, which readers do not see yet.)
        if command.alone == nil, command.changes.isEmpty, pending.isEmpty, flight == nil || command.isBesideFlight { return command.answer() }
        count(command.changes)
        if let changesLaid, laid.isEmpty {
            laid = changesLaid
        } else {
            laid.lay(command.changes, over: snapshot())
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
            Task { await writeBatches() }
        }
    }

    /// Counts `changes` as written, for the stamps of views taken before (`ScopeStamp`).
    private func count(_ changes: [ResourceChange]) {
        var scopes: Set<AccountRegion> = []
        var holdsPublicIps = false
        for change in changes {
            switch change {
            case .put(let resource):
                scopes.insert(resource.scope)
                holdsPublicIps = holdsPublicIps || !resource.publicIps.isEmpty
            case .delete(_, let scope): scopes.insert(scope)
            }
        }
        for scope in scopes { writesByScope[scope, default: 0] += 1 }
        if holdsPublicIps { publicIpWrites += 1 }
    }

    /// Writes what is pending, in order, until nothing is left: the commands up to the next entry that goes alone as one
    /// batch, then that entry. A large batch worked out aside takes off as a flight; the commands run beside it are
    /// written, applied and answered in batches of their own while it is applied; what ran on top of it waits until it
    /// lands (the flight's background apply starts the writing again then).
    private func writeBatches() async {
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
                if pending.isEmpty { laid = PendingChanges() }
                for command in done { command.answer() }
            } catch {
                failPending(error)
            }
        }
        isWriting = false
    }

    /// Fails every command pending: each ran on top of a batch that could not be written, so none of them happened. A
    /// flight already durable stays in the air, and its changes stay laid.
    private func failPending(_ error: any Error) {
        epoch += 1
        let failed = pending
        pending.removeAll()
        for case let staged? in failed.map(\.staged) { writer.discard(staged) }
        laid = PendingChanges()
        besideLaid = PendingChanges()
        if let flight { laid.lay(flight.command.changes, over: snapshot()) }
        for command in failed { command.continuation?.resume(throwing: error) }
    }

    /// Whether `command` takes off as a flight: a large batch worked out aside, on a store only this server writes.
    private func startsFlight(_ command: PendingCommand) -> Bool {
        command.isWorkedOutAside && fliesAside(command.changes.count)
    }

    /// Whether a command worked out aside with `changeCount` changes is a flight: decided here alone, because what is
    /// staged for a command must be appended by its flight (`appendFlight`), or it would stay staged.
    private nonisolated func fliesAside(_ changeCount: Int) -> Bool {
        changeCount >= Self.appliedAlongsideSize && readCatchUp == nil
    }

    /// Makes `command` a flight: its changes applied to a copy of the state on a thread of their own, while they are
    /// written (`appendFlight`); commands queued from now on may run beside it. Only with nothing pending: the copy is
    /// of the state with everything before it applied.
    private func takeOff(_ command: PendingCommand) {
        flights += 1
        let number = flights
        flight = Flight(number: number, command: command)
        let (applier, changes, base) = (flightApplier, command.changes, current.read())
        Task {
            let applied = await applier(changes, base)
            await self.flightApplied(number, applied)
        }
    }

    /// Makes the flight's changes durable (appending what was staged for it, if anything).
    private func appendFlight() async {
        guard let command = flight?.command else { return }
        var requeued = false
        do {
            let outcome =
                if let staged = command.staged {
                    try await writer.append(staged: staged, after: version)
                } else {
                    try await append(command.changes, rows: command.rows)
                }
            switch outcome {
            case .appended(let appended):
                version = appended
                flight?.isAppended = true
            case .behind:
                // Another process appended to the same store first: read the state again, and run the flight's command
                // again with everything after it, as any batch that was behind.
                flight = nil
                besideLaid = PendingChanges()
                pending.insert(command, at: 0)
                requeued = true
                for index in pending.indices { pending[index].isBesideFlight = false }
                try await catchUp()
                runPendingAgain()
            }
        } catch {
            flight = nil
            if !requeued { pending.insert(command, at: 0) }
            failPending(error)
        }
    }

    /// How many commands wait to be written (tests wait for a command to be queued before queueing the next).
    var pendingCount: Int { pending.count }

    /// Makes flights apply with `applier` (tests hold it, to see what happens while a flight is in the air).
    func setFlightApplier(_ applier: @escaping @Sendable ([ResourceChange], CloudState) async -> CloudState) {
        flightApplier = applier
    }

    /// The flight's background apply is done: it lands as soon as it is durable and the writing gets to it.
    private func flightApplied(_ number: UInt64, _ applied: CloudState) {
        guard flight?.number == number else { return }
        flight?.applied = applied
        if !isWriting {
            isWriting = true
            Task { await writeBatches() }
        }
    }

    /// Swaps in the flight's state, with what was applied beside it applied again on top, and answers its command.
    private func land(_ flight: Flight, _ applied: CloudState) {
        var state = applied
        for changes in flight.besideIt { state.apply(changes) }
        current.replace(with: state)
        self.flight = nil
        besideLaid = PendingChanges()
        appliedVersion.withLock { $0 = version }
        feed.publish(flight.command.changes)
        if pending.isEmpty { laid = PendingChanges() }
        flight.command.answer()
    }

    /// Writes the commands run beside the flight at the head of the queue as one batch, applies it to the state readers
    /// see (without the flight's changes) and answers them.
    private func writeBesideFlight() async {
        let count = pending.prefix(while: \.isBesideFlight).count
        let changes = pending.prefix(count).flatMap(\.changes)
        do {
            if !changes.isEmpty {
                switch try await append(changes, rows: Self.rows(of: pending.prefix(count))) {
                case .appended(let appended):
                    version = appended
                    current.apply(changes)
                    flight?.besideIt.append(changes)
                    feed.publish(changes)
                case .behind:
                    // Another process appended to the same store: the state is read again, the flight (durable)
                    // with it.
                    try await catchUp()
                    if let flight {
                        self.flight = nil
                        besideLaid = PendingChanges()
                        flight.command.answer()
                    }
                    for index in pending.indices { pending[index].isBesideFlight = false }
                    runPendingAgain()
                    return
                }
            }
            let done = pending.prefix(count)
            pending.removeFirst(count)
            for command in done { command.answer() }
        } catch {
            failPending(error)
        }
    }

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

    private func append(_ changes: [ResourceChange], rows: [RowBody?]?) async throws -> JournalAppend {
        guard let rows else { return try await writer.append(.changes(changes), after: version) }
        return try await writer.append(changes, rows: rows, after: version)
    }

    /// The rows written ahead for a batch of `commands`' changes, by position (nil for a change to write when the batch
    /// is); nil when none were.
    private static func rows(of commands: ArraySlice<PendingCommand>) -> [RowBody?]? {
        guard commands.contains(where: { $0.rows != nil }) else { return nil }
        return commands.flatMap { command in command.rows ?? Array(repeating: nil, count: command.changes.count) }
    }

    /// Batches of at least this many changes are applied while they are written (`appendAndApply`).
    static let appliedAlongsideSize = 256

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
        epoch += 1
        current.replace(with: stored.state)
        clock.set(offset: stored.clockOffset)
        version = stored.version
        appliedVersion.withLock { $0 = stored.version }
        // Followers cannot tell what changed: they read everything again, as after a reset.
        feed.publish([], isReset: true)
    }

    /// Applies a durable entry, which became `version`, and tells the change feed.
    private func apply(_ entry: JournalEntry, version: UInt64) {
        self.version = version
        epoch += 1
        switch entry {
        case .changes(let changes):
            current.apply(changes)
            feed.publish(changes)
        case .clockOffset(let offset):
            clock.set(offset: offset)
        case .reset:
            current.replace(with: CloudState())
            clock.reset()
            feed.publish([], isReset: true)
        }
        // Only now, with the state in place: a read that finds this version applied reads its state
        // (`catchUpBeforeReading`), never the one before.
        appliedVersion.withLock { $0 = version }
    }

    /// Runs every pending command again, in order, on the state as it is now: their batch was behind another server's.
    /// A command the newer state refuses fails alone (at once, unless it read changes still in flight); the others go on
    /// with what they change now. A command refused before runs again too: what refused it may have been undone.
    private func runPendingAgain() {
        epoch += 1
        let base = snapshot()
        var kept: [PendingCommand] = []
        laid = PendingChanges()
        for var command in pending {
            guard let run = command.run, command.alone == nil else {
                kept.append(command)
                continue
            }
            var transaction = Transaction(base: base, laid: laid, scope: command.scope, now: clock.now(), configuration: configuration)
            // Rows written for what it changed before no longer match.
            command.rows = nil
            if let staged = command.staged { writer.discard(staged) }
            command.staged = nil
            do throws(EC2Error) {
                try run(&transaction)
                command.changes = transaction.changes
                command.refusal = nil
                laid.lay(command.changes, over: base)
            } catch {
                command.changes = []
                command.refusal = error
                // Refused on the durable state alone: nothing it read can be undone.
                if laid.isEmpty {
                    command.answer()
                    continue
                }
            }
            kept.append(command)
        }
        pending = kept
    }
}
