extension ConntrackAccounting {
    /// Every router's conntrack table, as ``sample(_:view:interfaces:crossingMarks:)`` needs them.
    struct Tables {
        var tables: [(view: RouterView, entries: [Conntrack.Entry])] = []
        var crossingMarks: [CrossingKey: FlowMark] = [:]
    }

    /// Reads the tables of `views` (`entries` answers nil for a router it could not read) and the marks of the flows
    /// crossing between them.
    ///
    /// A flow's entry at the receiving router exists only after the sending router has confirmed its own (the first
    /// packet passes the sender first), but the routers are read one after the other: a sender read just before the
    /// flow began and its receiver read just after leave the receiver's entry without the sender's mark, and replies
    /// the sender drops would be counted as accepted. The routers on such a crossing are read once more for their
    /// marks, which then finds every sender's entry.
    static func read(_ views: [RouterView], by entries: (RouterView) -> [Conntrack.Entry]?) -> Tables {
        var result = Tables()
        result.tables = views.compactMap { view in entries(view).map { (view, $0) } }
        result.crossingMarks = crossingMarks(result.tables)
        let unmatched = unmatchedCrossings(result.tables, marks: result.crossingMarks)
        guard !unmatched.isEmpty else { return result }
        let senders = views.filter { view in view.destinations.values.contains { $0.crossingId.map(unmatched.contains) ?? false } }
        let again = senders.compactMap { view in entries(view).map { (view, $0) } }
        result.crossingMarks.merge(crossingMarks(again)) { first, _ in first }
        return result
    }

    /// The crossings (peering connections, transit gateways) of the flows that came in across one and whose
    /// sender's mark is not in `marks`.
    static func unmatchedCrossings(_ tables: [(view: RouterView, entries: [Conntrack.Entry])], marks: [CrossingKey: FlowMark]) -> Set<String> {
        var unmatched: Set<String> = []
        for (view, entries) in tables {
            for entry in entries where entry.mark != 0 {
                if let key = arrivalKey(of: entry, in: view), marks[key] == nil { unmatched.insert(key.crossingId) }
            }
        }
        return unmatched
    }
}
