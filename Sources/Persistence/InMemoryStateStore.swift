public import CloudModel
import Synchronization

/// A store that keeps nothing across runs: for `serve --ephemeral`, and for tests, where several services may share
/// one to stand for several servers sharing a database.
///
/// Only a shared one keeps its entries, for the services that follow it (`entries(after:)`); one service alone on it
/// never asks, and a server that runs for days would otherwise hold every change it ever made.
public final class InMemoryStateStore: StateStore {
    private struct Journal {
        var stored = StoredCloud()
        /// When shared, every entry since the last reset, entry `i` being version `firstVersion + i`; otherwise none
        /// (`firstVersion` is then the next version).
        var entries: [JournalEntry] = []
        var firstVersion: UInt64 = 1
    }

    private let journal = Mutex(Journal())
    public let isShared: Bool

    /// With `isShared`, the services over it behave as servers over a shared database do (they catch up before a
    /// read): for tests.
    public init(isShared: Bool = false) {
        self.isShared = isShared
    }

    public func latestVersion() throws -> UInt64 { journal.withLock { $0.stored.version } }

    public func load() throws -> StoredCloud { journal.withLock { $0.stored } }

    public func append(_ entry: JournalEntry, after version: UInt64) throws -> JournalAppend {
        journal.withLock { journal in
            guard journal.stored.version == version else { return .behind }
            let next = version + 1
            journal.stored.apply(entry, version: next)
            if !isShared {
                journal.firstVersion = next + 1
            } else if case .reset = entry {
                // Nobody needs what came before a reset: a follower behind it reloads.
                journal.entries = [entry]
                journal.firstVersion = next
            } else {
                journal.entries.append(entry)
            }
            return .appended(version: next)
        }
    }

    public func entries(after version: UInt64) throws -> [JournalEntry]? {
        journal.withLock { journal in
            guard version + 1 >= journal.firstVersion, version <= journal.stored.version else { return nil }
            return Array(journal.entries[Int(version + 1 - journal.firstVersion)...])
        }
    }
}
