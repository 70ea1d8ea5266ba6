public import Foundation
import Synchronization

/// A resource's place in Describe's order: creation time, then id.
public struct CreationKey: Sendable, Comparable {
    public let time: Date
    public let id: String

    public static func < (lhs: CreationKey, rhs: CreationKey) -> Bool { (lhs.time, lhs.id) < (rhs.time, rhs.id) }
}

extension RegionState {
    /// The ids of the table of `R`, every one (visible or not), in Describe's order: sorted once for this version of
    /// the region and kept with it, so that the next page of a listing finds where it starts by a binary search and
    /// reads only what it shows, rather than a pass over the whole table.
    public func creationOrder<R: TaggedResource>(_ type: R.Type) -> [CreationKey] {
        let key = ObjectIdentifier(R.self)
        if let cached = tables.creationOrders.withLock({ $0[key] }) { return cached }
        let order = self[keyPath: R.table].values.map { CreationKey(time: $0.createdAt, id: $0.id) }.sorted()
        tables.creationOrders.withLock { $0[key] = order }
        return order
    }
}
