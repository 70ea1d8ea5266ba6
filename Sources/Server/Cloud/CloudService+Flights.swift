public import CloudModel
import Persistence
import Synchronization

/// Large writes worked out away from the actor (`performAside`), and the flights they take off as (`Flight`): applied
/// to a copy of the state in the background while commands that cannot depend on them run beside them.
extension CloudService {
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
            let result = CommandResult<Result>()
            let run: @Sendable (inout Transaction) throws(EC2Error) -> Void = { transaction throws(EC2Error) in
                result.value = try command(&transaction)
            }
            let (configuration, writer) = (configuration, writer)
            // The view is taken and let go of on the long-read thread: once the command has landed, its view may hold the
            // last reference to the state before it, and freeing that on the actor (where this function goes on after
            // `commitWorkedOut`) held every other write for milliseconds.
            let (workedOut, stamp, readLaid) = try await LongReadExecutor.run {
                let view = await self.view(of: scope)
                do {
                    let laid = try Self.workOut(run, on: view, configuration: configuration, writer: dryRun ? nil : writer)
                    return (Swift.Result<WorkedOut, EC2Error>.success(laid), view.stamp, !view.laid.isEmpty)
                } catch let error as EC2Error {
                    return (.failure(error), view.stamp, !view.laid.isEmpty)
                }
            }
            let laid: WorkedOut
            switch workedOut {
            case .success(let worked): laid = worked
            // Refused on changes still in flight, which may yet be undone: decided on the actor, which answers once they
            // are durable.
            case .failure where readLaid: break attempts
            case .failure(let error): throw error
            }
            if dryRun {
                guard !readLaid else { break attempts }
                throw EC2Error.dryRunOperation
            }
            // A flight's changes are staged while the command's turn comes, a slice at a time, so that neither it nor
            // the others wait for all of them to be written at once.
            var staged: StagedBatch?
            if writer.stagesBatches, fliesAside(laid.changes.count), let rows = laid.rows {
                staged = try await writer.stage(laid.changes, rows: rows)
            }
            let isCommitted = try await commitWorkedOut(run, laid: laid, scope: scope, stamp: stamp, staged: staged)
            // This goes on where `commitWorkedOut` returned, on the actor: what was worked out (the rows, which the store
            // has written) may be the last reference to thousands of values, freed elsewhere.
            Reclaimer.release(consume laid)
            if isCommitted { return try result.take() }
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
        return WorkedOut(
            changes: changes, summary: ChangeSummary(changes), laid: Handover(transaction.laidChanges), rows: writer?.rows(of: changes))
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
            let summary = workedOut.summary
            guard now.epoch == stamp.epoch, now.writes == stamp.writes, now.publicIpWrites == stamp.publicIpWrites || !summary.holdsPublicIps
            else {
                isFresh = false
                return continuation.resume()
            }
            var command = PendingCommand(scope: scope, run: run, changes: changes, summary: summary)
            command.rows = workedOut.rows
            command.staged = staged
            command.isWorkedOutAside = true
            // What the command laid, which the commands after it read through (with what is pending put under it).
            queue(command, laid: workedOut.laid.take(), continuation: continuation)
        }
        return isFresh
    }

    /// Whether a command in `scope` run now may run beside the flight (`Flight`): there is one, on a store only this
    /// server writes, outside `scope`, and nothing queued since ran on top of it (such a command might have read anything,
    /// so what is applied before it must not change).
    func mayRunBesideFlight(in scope: AccountRegion) -> Bool {
        guard let flight, readCatchUp == nil, !flight.scopes.contains(scope) else { return false }
        return pending.allSatisfy(\.isBesideFlight)
    }

    /// Whether `command` takes off as a flight: a large batch worked out aside, on a store only this server writes.
    func startsFlight(_ command: PendingCommand) -> Bool {
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
    func takeOff(_ command: PendingCommand) {
        flights += 1
        let number = flights
        flight = Flight(number: number, command: command)
        let (applier, changes, base) = (flightApplier, command.changes, current.read())
        Task(executorPreference: CloudExecutor.shared.tasks) {
            let applied = await applier(changes, base)
            await self.flightApplied(number, applied)
        }
    }

    /// Makes the flight's changes durable (appending what was staged for it, if anything).
    func appendFlight() async {
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
            Task(executorPreference: CloudExecutor.shared.tasks) { await self.writeBatches() }
        }
    }

    /// Swaps in the flight's state, with what was applied beside it applied again on top, and answers its command.
    func land(_ flight: Flight, _ applied: CloudState) {
        var state = applied
        for changes in flight.besideIt { state.apply(changes) }
        current.replace(with: state)
        self.flight = nil
        besideLaid = PendingChanges()
        appliedVersion.withLock { $0 = version }
        feed.publish(flight.command.changes)
        if pending.isEmpty { clearLaid() }
        flight.command.answer()
    }

    /// Writes the commands run beside the flight at the head of the queue as one batch, applies it to the state readers
    /// see (without the flight's changes) and answers them.
    func writeBesideFlight() async {
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
}
