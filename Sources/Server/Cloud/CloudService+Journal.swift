import CloudModel
import Persistence
import Synchronization

/// The journal other servers append to: catching up with what they appended, entries that go alone (the clock, a
/// reset), and commands run again when their batch was behind.
extension CloudService {
    /// Appends the entry `make` makes, after catching up with other servers (made again for as long as another server
    /// appends first, so that it reads the latest state, as an advance of the clock must); nil only catches up.
    func append(_ make: () -> JournalEntry?) async throws {
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
    func catchUp() async throws {
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
    func runPendingAgain() {
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
