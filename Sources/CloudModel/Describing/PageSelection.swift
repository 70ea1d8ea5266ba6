public import Foundation

/// The page a Describe answers, chosen while its candidates go by: those after the page token, the first
/// `maxResults` in (creation time, id) order, without sorting or keeping the rest.
///
/// A listing page by page then costs each page a comparison per resource, not a sort of every resource and a copy of
/// each: with 20,000 interfaces listed 1,000 to a page, each item of the listing had cost four times what it cost
/// with 5,000 (`bench/scaling.py`). A candidate is offered once it is known to be visible and to match; ask
/// `admits` first, which is cheaper than matching filters.
public struct PageSelection<Item: Sendable> {
    /// A kept candidate's sort key and where its item is in `items`: sorting moves these, not the items, which may
    /// be large structs.
    private typealias Key = (time: Date, id: String, index: Int)
    /// The last key served, from the token: only what comes after it is on this page.
    private let after: (time: Double, id: String)?
    private let maxResults: Int?
    private var keys: [Key] = []
    private var items: [Item] = []
    /// Once the kept candidates were cut down to one more than a page: none from here on can be on the page.
    private var bound: (time: Date, id: String)?

    /// Refuses a page size out of the operation's range, then a token that is not one of ours, before any candidate.
    public init(query: DescribeQuery) throws(EC2Error) {
        try query.checkMaxResults()
        maxResults = query.maxResults
        if let token = query.nextToken {
            guard let after = PageToken.decode(token) else { throw .invalidNextToken(token) }
            self.after = after
        } else {
            after = nil
        }
    }

    /// The key of the last item the token's page served, its time as the token has it (seconds since 1970); nil on a
    /// first page.
    public var lastServed: (time: Double, id: String)? { after }

    /// Whether a candidate created at `time` with `id` could be on the page.
    public func admits(time: Date, id: String) -> Bool {
        if let after, (time.timeIntervalSince1970, id) <= (after.time, after.id) { return false }
        if let bound, (time, id) >= bound { return false }
        return true
    }

    /// Where in `order` (ascending) the first key after the token is: a walk in that order starts there.
    public func start(in order: [CreationKey]) -> Int {
        guard let after else { return 0 }
        return order.partitionPoint { ($0.time.timeIntervalSince1970, $0.id) <= (after.time, after.id) }
    }

    /// Whether a walk in ascending order may stop: the page and one more (which says another page follows) are taken.
    public var isFull: Bool {
        guard let maxResults else { return false }
        return keys.count > maxResults
    }

    /// Takes a candidate that `admits` let through and that the query selects.
    public mutating func offer(_ item: Item, time: Date, id: String) {
        keys.append((time, id, items.count))
        items.append(item)
        // One more than a page tells whether another page follows; keeping up to twice that between cuts makes each
        // candidate's share of the sorting a constant.
        guard let maxResults, keys.count >= 2 * (maxResults + 1) else { return }
        keep(maxResults + 1)
        bound = keys.last.map { ($0.time, $0.id) }
    }

    /// The page, in order, and the token for the next one when more follow.
    public mutating func page() -> Page<Item> {
        guard let maxResults, keys.count > maxResults else {
            keep(keys.count)
            return Page(items: items, nextToken: nil)
        }
        keep(maxResults)
        let last = keys[maxResults - 1]
        return Page(items: items, nextToken: PageToken.encode(time: last.time.timeIntervalSince1970, id: last.id))
    }

    /// Sorts the kept candidates and keeps the first `count`, their items in that order.
    private mutating func keep(_ count: Int) {
        keys.sort { ($0.time, $0.id) < ($1.time, $1.id) }
        keys.removeLast(keys.count - count)
        items = keys.map { items[$0.index] }
        for position in keys.indices { keys[position].index = position }
    }
}
