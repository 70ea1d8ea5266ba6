public import Foundation

/// What a Describe call asks for: ids, filters, and a page.
public struct DescribeQuery: Sendable {
    public var ids: [String]
    public var filters: [Filter]
    public var maxResults: Int?
    public var nextToken: String?
    /// The MaxResults values this operation accepts.
    public var maxResultsRange: ClosedRange<Int>

    public init(
        ids: [String] = [], filters: [Filter] = [], maxResults: Int? = nil, nextToken: String? = nil, maxResultsRange: ClosedRange<Int> = 5...1000
    ) {
        self.ids = ids
        self.filters = filters
        self.maxResults = maxResults
        self.nextToken = nextToken
        self.maxResultsRange = maxResultsRange
    }
}

/// One page of a Describe answer, and the token for the next one.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextToken: String?
}

extension CloudState {
    /// The resources of type `R` in `scope` that `query` selects, in creation order, one page at a time.
    ///
    /// Unknown ids are refused together, as AWS does; filters are checked for validity even on an empty region.
    public func describe<R: Filterable>(_ type: R.Type, in scope: AccountRegion, query: DescribeQuery, at now: Date) throws(EC2Error) -> Page<R> {
        for filter in query.filters where !R.accepts(filter: filter.name) { throw .invalidFilter(filter.name) }
        let table = self[scope][keyPath: R.table]
        var candidates: [R]
        if query.ids.isEmpty {
            candidates = table.values.filter { $0.isVisible(at: now) }
        } else {
            for id in query.ids { try R.idKind.validate(id) }
            let missing = query.ids.filter { table[$0]?.isVisible(at: now) != true }
            guard missing.isEmpty else { throw R.idKind.notFound(missing) }
            candidates = Set(query.ids).map { table[$0]! }
        }
        var selected: [R] = []
        for resource in candidates where resource.matches(query.filters, in: self, at: now) {
            selected.append(resource)
        }
        return try paginate(selected, query: query) { ($0.createdAt, $0.id) }
    }

    /// Orders `items` by `key` and cuts the page `query` asks for. The token is the last key served, so a
    /// page boundary survives resources being added or deleted between calls.
    public func paginate<T>(_ items: [T], query: DescribeQuery, key: (T) -> (Date, String)) throws(EC2Error) -> Page<T> {
        var keyed = items.map { (key: key($0), item: $0) }
        keyed.sort { ($0.key.0, $0.key.1) < ($1.key.0, $1.key.1) }
        if let token = query.nextToken {
            guard let after = PageToken.decode(token) else { throw .invalidNextToken(token) }
            keyed.removeAll { ($0.key.0.timeIntervalSince1970, $0.key.1) <= (after.time, after.id) }
        }
        guard let maxResults = query.maxResults else { return Page(items: keyed.map(\.item), nextToken: nil) }
        guard query.maxResultsRange.contains(maxResults) else {
            throw .invalidParameterValue(
                "Value ( \(maxResults) ) for parameter maxResults is invalid. Expecting a value between \(query.maxResultsRange.lowerBound) and \(query.maxResultsRange.upperBound)."
            )
        }
        guard keyed.count > maxResults else { return Page(items: keyed.map(\.item), nextToken: nil) }
        let page = keyed.prefix(maxResults)
        let last = page.last!.key
        return Page(items: page.map(\.item), nextToken: PageToken.encode(time: last.0.timeIntervalSince1970, id: last.1))
    }
}

/// The opaque NextToken: the sort key of the last item served, base64-encoded.
enum PageToken {
    static func encode(time: Double, id: String) -> String {
        Data("\(time.bitPattern)|\(id)".utf8).base64EncodedString()
    }

    static func decode(_ token: String) -> (time: Double, id: String)? {
        guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: "|", maxSplits: 1)
        guard parts.count == 2, let bits = UInt64(parts[0]) else { return nil }
        return (Double(bitPattern: bits), String(parts[1]))
    }
}
