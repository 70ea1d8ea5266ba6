public import CloudModel
public import Foundation

/// Where the cloud's state is kept: an ordered journal of applied batches, each with its version.
///
/// The server appends a batch *before* it applies it or answers, so an acknowledged change survives a crash; at
/// start-up it loads the state the journal has led to. A batch is appended only if nothing was appended since the
/// version its commands read (`append(_:after:)`): when several servers share one store, a server that is behind is
/// told so, catches up (`entries(after:)`), runs its commands again on the newer state and tries again. So every rule
/// that reads the whole state (one live peering per VPC pair, no address handed out twice, quotas) holds across
/// servers, as it does inside one.
public protocol StateStore: Sendable {
    /// The state as last appended, with its version and the clock's offset.
    func load() throws -> StoredCloud
    /// Makes `entry` durable as the version after `version`, all or none, if `version` is still the latest; otherwise
    /// writes nothing and answers `.behind`.
    func append(_ entry: JournalEntry, after version: UInt64) throws -> JournalAppend
    /// The entries appended after `version`, oldest first; nil when the store no longer has them all, and the
    /// follower must `load()` the whole state again.
    func entries(after version: UInt64) throws -> [JournalEntry]?
    /// Whether other servers append to this store too (PostgreSQL): a server then catches up before it answers a read
    /// (`latestVersion()`) and follows the others' appends (`appendedVersions()`).
    var isShared: Bool { get }
    /// The version of the last entry appended, by any server: one round trip on a shared store.
    func latestVersion() throws -> UInt64
    /// The versions other servers append, as they do, until the follower stops iterating; nil when nobody else appends.
    func appendedVersions() -> AsyncStream<UInt64>?
    /// The rows `append` would write for `changes` (the resources' JSON), written where the caller is, so that a large
    /// batch's rows are written away from the thread every append waits for; nil when the store has none to write.
    func rows(of changes: [ResourceChange]) throws -> [RowBody?]?
    /// Appends `changes` as `append(.changes(changes), after:)` does, with the rows `rows(of:)` wrote for some of them:
    /// `rows[i]` is change `i`'s, or nil for one written here.
    func append(_ changes: [ResourceChange], rows: [RowBody?], after version: UInt64) throws -> JournalAppend
    /// Whether a large batch can be written ahead, where nobody reads it (`stage`), and appended later at once
    /// (`append(staged:after:)`), so that other batches are written while it is.
    var stagesBatches: Bool { get }
    /// Writes `changes` (with their rows written ahead, by position: `rows(of:)`) to `batch`, after what was staged in
    /// it before; nobody reads them until the batch is appended.
    func stage(_ changes: ArraySlice<ResourceChange>, rows: ArraySlice<RowBody?>, in batch: StagedBatch) throws
    /// Appends what was staged in `batch` as `append(_:after:)` appends a batch of changes: all of it, or nothing.
    func append(staged batch: StagedBatch, after version: UInt64) throws -> JournalAppend
    /// Drops what was staged in `batch`, unless it was appended.
    func discard(_ batch: StagedBatch) throws
    /// Whether batches appended may still have to be moved where the store keeps them for good (`foldSlice()`).
    var hasUnfoldedChanges: Bool { get }
    /// How many changes appended are still to be moved (`foldSlice()`).
    var unfoldedCount: Int { get }
    /// Moves some of what is appended and not yet where the store keeps it for good there, in one short transaction;
    /// false when nothing was left to move.
    func foldSlice() throws -> Bool
}

/// Changes written ahead of their append (`StateStore.stage`): which batch, and how many changes it holds.
public struct StagedBatch: Sendable, Hashable {
    public let id: Int64
    public let count: Int

    /// A new batch of `count` changes.
    public init(count: Int) {
        self.id = Int64.random(in: 1...Int64.max)
        self.count = count
    }
}

/// A store that stages nothing.
struct StagingUnsupported: Error {}

/// A resource's row as a store keeps it, written ahead of its append (`StateStore.rows(of:)`).
public struct RowBody: Sendable {
    public let data: Data
    public init(_ data: Data) { self.data = data }
}

extension StateStore {
    public var isShared: Bool { false }
    public func latestVersion() throws -> UInt64 { try load().version }
    public func appendedVersions() -> AsyncStream<UInt64>? { nil }
    public func rows(of changes: [ResourceChange]) throws -> [RowBody?]? { nil }
    public func append(_ changes: [ResourceChange], rows: [RowBody?], after version: UInt64) throws -> JournalAppend {
        try append(.changes(changes), after: version)
    }
    public var stagesBatches: Bool { false }
    public func stage(_ changes: ArraySlice<ResourceChange>, rows: ArraySlice<RowBody?>, in batch: StagedBatch) throws {
        throw StagingUnsupported()
    }
    public func append(staged batch: StagedBatch, after version: UInt64) throws -> JournalAppend { throw StagingUnsupported() }
    public func discard(_ batch: StagedBatch) throws {}
    public var hasUnfoldedChanges: Bool { false }
    public var unfoldedCount: Int { 0 }
    public func foldSlice() throws -> Bool { false }
}

/// What a store holds at one version.
public struct StoredCloud: Sendable {
    public var state: CloudState
    public var version: UInt64
    /// How far the server's clock was moved ahead of the system clock (`POST /_localvpc/clock`), 0 if never: kept with
    /// the state because the state's times were read from that clock (after a restart an expired peering must still be
    /// expired).
    public var clockOffset: Double

    public init(state: CloudState = CloudState(), version: UInt64 = 0, clockOffset: Double = 0) {
        self.state = state
        self.version = version
        self.clockOffset = clockOffset
    }

    /// Applies `entry`, which must be the next version.
    public mutating func apply(_ entry: JournalEntry, version: UInt64) {
        switch entry {
        case .changes(let changes): state.apply(changes)
        case .clockOffset(let offset): clockOffset = offset
        case .reset: self = StoredCloud()
        }
        self.version = version
    }
}

/// One batch of the journal.
public enum JournalEntry: Sendable, Hashable, Codable {
    /// Resources made, changed or deleted by one or more commands, in the order they ran.
    case changes([ResourceChange])
    /// The clock moved to this offset from the system clock.
    case clockOffset(Double)
    /// Every resource of every account and region forgotten, and the clock set back to real time.
    case reset
}

/// The answer to an append.
public enum JournalAppend: Sendable, Hashable {
    /// Durable, as this version.
    case appended(version: UInt64)
    /// Another writer appended since the version given: nothing was written.
    case behind
}
