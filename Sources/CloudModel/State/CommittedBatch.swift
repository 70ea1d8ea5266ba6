/// One entry of the change feed: a batch of changes that became durable and was applied, with the state version
/// after it.
///
/// Followers (the data plane, later the console's live view) read the state itself from the service's snapshot: a
/// batch names what changed, so a follower can tell whether it has anything to do, and the version orders batches.
public struct CommittedBatch: Sendable, Hashable {
    /// Counts applied batches since the server started; a follower that saw version N has seen every earlier one.
    public let version: UInt64
    public let changes: [ResourceChange]
    /// Whether this batch is a reset: every resource of every account and region was forgotten.
    public let isReset: Bool

    public init(version: UInt64, changes: [ResourceChange], isReset: Bool = false) {
        self.version = version
        self.changes = changes
        self.isReset = isReset
    }
}
