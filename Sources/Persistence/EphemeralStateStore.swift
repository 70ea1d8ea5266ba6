public import CloudModel
import Synchronization

/// The store of `serve --ephemeral`: the state lives only in the server's memory (`CloudService`'s), so the store keeps
/// only the journal's head (its version) and the clock's offset, which every append checks and sets.
///
/// `InMemoryStateStore` keeps a second copy of the state, for tests in which a second service loads it. Kept by the one
/// server nobody follows, that copy doubled the work of every write, on the thread every write waits for: a launch of
/// 1,000 instances held another account's CreateTags for about 20 ms (README, "Fairness under load").
///
/// Nothing reads the state back from it: loading once resources were appended is refused (`StateNotKept`), where an
/// empty state would be a wrong answer.
public final class EphemeralStateStore: StateStore {
    private struct Head {
        var version: UInt64 = 0
        var clockOffset: Double = 0
        /// Whether any resource was appended since the last reset.
        var holdsResources = false
    }

    private let head = Mutex(Head())

    public init() {}

    public func load() throws -> StoredCloud {
        let head = head.withLock { $0 }
        guard !head.holdsResources else { throw StateNotKept() }
        return StoredCloud(version: head.version, clockOffset: head.clockOffset)
    }

    public func latestVersion() throws -> UInt64 { head.withLock { $0.version } }

    public func append(_ entry: JournalEntry, after version: UInt64) throws -> JournalAppend {
        head.withLock { head in
            guard head.version == version else { return .behind }
            switch entry {
            case .changes(let changes): head.holdsResources = head.holdsResources || !changes.isEmpty
            case .clockOffset(let offset): head.clockOffset = offset
            case .reset: head = Head()
            }
            head.version = version + 1
            return .appended(version: version + 1)
        }
    }

    /// None after the head (nobody else appends); nil, to load again, for a follower behind it, which there is not.
    public func entries(after version: UInt64) throws -> [JournalEntry]? {
        head.withLock { $0.version == version ? [] : nil }
    }
}

/// `EphemeralStateStore.load()` once resources were appended: it does not keep them.
public struct StateNotKept: Error, CustomStringConvertible {
    public var description: String { "an ephemeral store keeps only the journal's head, not the state" }
}
