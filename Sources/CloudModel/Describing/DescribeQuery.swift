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

    /// Refuses a `MaxResults` outside the operation's bounds, with AWS's message. Checked before any resource is read, so a
    /// refused page size costs nothing.
    public func checkMaxResults() throws(EC2Error) {
        guard let maxResults, !maxResultsRange.contains(maxResults) else { return }
        throw .invalidParameterValue(
            "Value ( \(maxResults) ) for parameter maxResults is invalid. Expecting a value between \(maxResultsRange.lowerBound) and \(maxResultsRange.upperBound)."
        )
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
    /// Unknown ids are refused together, as AWS does; filters are checked for validity even on an empty region, and
    /// the aliases AWS accepts (`R.filterAliases`) are read as the documented names they mean.
    /// Without ids, the region's indexes narrow the candidates when a filter allows it (see `candidateIds`), so a
    /// lookup by tag, CIDR block or VPC costs the same in a region of ten thousand VPCs as in one of ten.
    public func describe<R: Filterable>(_ type: R.Type, in scope: AccountRegion, query: DescribeQuery, at now: Date) throws(EC2Error) -> Page<R> {
        for filter in query.filters where !R.accepts(filter: filter.name) { throw .invalidFilter(filter.name) }
        var selection = try PageSelection<R>(query: query)
        let filters = R.canonicalFilters(query.filters)
        let region = self[scope]
        let table = region[keyPath: R.table]
        func consider(_ resource: R) {
            guard resource.isVisible(at: now), selection.admits(time: resource.createdAt, id: resource.id),
                resource.matches(filters, in: self, at: now)
            else { return }
            selection.offer(resource, time: resource.createdAt, id: resource.id)
        }
        if !query.ids.isEmpty {
            for id in query.ids { try R.idKind.validate(id) }
            let missing = query.ids.filter { table[$0]?.isVisible(at: now) != true }
            guard missing.isEmpty else { throw R.idKind.notFound(missing) }
            for id in Set(query.ids) { consider(table[id]!) }
        } else if let ids = region.candidateIds(R.self, narrowedBy: filters) {
            for id in ids { if let resource = table[id] { consider(resource) } }
        } else {
            // The whole table, in order from where the page starts, until the page is full.
            let order = region.creationOrder(R.self)
            for key in order[selection.start(in: order)...] {
                if let resource = table[key.id] { consider(resource) }
                if selection.isFull { break }
            }
        }
        return selection.page()
    }

    /// The items of `visible` that `query` names by id (all of them when it names none), for Describes whose
    /// candidates are not one table of one region (peerings and transit gateway attachments, seen from either side).
    /// Unknown ids are refused together, as AWS does.
    public func named<T>(_ visible: [T], by query: DescribeQuery, kind: ResourceIdKind, id: (T) -> String) throws(EC2Error) -> [T] {
        guard !query.ids.isEmpty else { return visible }
        for name in query.ids { try kind.validate(name) }
        var byId: [String: T] = [:]
        for item in visible { byId[id(item)] = item }
        let missing = query.ids.filter { byId[$0] == nil }
        guard missing.isEmpty else { throw kind.notFound(missing) }
        return Set(query.ids).map { byId[$0]! }
    }

    /// Orders `items` by `key` and cuts the page `query` asks for (`PageSelection`). The token is the last key served,
    /// so a page boundary survives resources being added or deleted between calls.
    public func paginate<T>(_ items: [T], query: DescribeQuery, key: (T) -> (Date, String)) throws(EC2Error) -> Page<T> {
        var selection = try PageSelection<T>(query: query)
        for item in items {
            let (time, id) = key(item)
            if selection.admits(time: time, id: id) { selection.offer(item, time: time, id: id) }
        }
        return selection.page()
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
