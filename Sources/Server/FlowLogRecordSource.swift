/// Where a flow log's records come from: the data plane, which sees the traffic. Described here rather than imported,
/// so the server does not depend on the data plane (as with ``CloudCompanion``).
public protocol FlowLogRecordSource: Sendable {
    /// The records delivered for `flowLogId` from cursor `after` (0: the first), each a line in the flow log's format,
    /// and the cursor to ask from next; with `flush`, its open aggregation interval is closed first. Nil when the
    /// source has never heard of the flow log.
    func records(of flowLogId: String, after: Int, flush: Bool) async -> (lines: [String], next: Int)?
}
