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

extension [CreationKey] {
    /// How many keys at the start of this ascending order `isBefore` holds for (it holds for a first run of them): where
    /// a walk past them starts, found by a binary search.
    func partitionPoint(where isBefore: (CreationKey) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if isBefore(self[middle]) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
