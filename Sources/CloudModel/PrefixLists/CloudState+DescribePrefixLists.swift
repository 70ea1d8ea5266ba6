public import Foundation

/// DescribeManagedPrefixLists (the region's AWS-managed lists and the account's own) and DescribePrefixLists (AWS's
/// service lists only, the older call).
extension CloudState {
    /// The filters DescribePrefixLists documents.
    public static let prefixListFilterNames: Set<String> = ["prefix-list-id", "prefix-list-name"]

    /// The lists `scope` sees that `query` selects: AWS's lists of the region first, then the account's own in creation
    /// order. Unknown ids are refused together (`InvalidPrefixListID.NotFound`).
    public func describeManagedPrefixLists(in scope: AccountRegion, query: DescribeQuery, at now: Date) throws(EC2Error) -> Page<PrefixList> {
        for filter in query.filters where !ManagedPrefixList.accepts(filter: filter.name) { throw .invalidFilter(filter.name) }
        let awsLists = AWSManagedPrefixList.all(in: scope.region)
        let ownLists = Array(self[scope].managedPrefixLists.values)
        try Self.checkIds(query.ids, known: Set(awsLists.map(\.id) + ownLists.map(\.id)))
        let wanted = Set(query.ids)
        var selected: [(list: PrefixList, createdAt: Date)] = []
        for list in awsLists where wanted.isEmpty || wanted.contains(list.id) {
            // AWS's lists carry no tags, so a tag filter never selects them.
            if query.filters.allSatisfy({ !$0.name.hasPrefix("tag") && $0.matches(any: list.filterValues($0.name)) }) {
                selected.append((.awsManaged(list), .distantPast))
            }
        }
        for list in ownLists where (wanted.isEmpty || wanted.contains(list.id)) && list.matches(query.filters, in: self, at: now) {
            selected.append((.customerManaged(list), list.createdAt))
        }
        let page = try paginate(selected, query: query) { ($0.createdAt, $0.list.id) }
        return Page(items: page.items.map(\.list), nextToken: page.nextToken)
    }

    /// The region's AWS service lists that `query` selects, as the older DescribePrefixLists shows them.
    public func describePrefixLists(in scope: AccountRegion, query: DescribeQuery) throws(EC2Error) -> Page<AWSManagedPrefixList> {
        for filter in query.filters where !Self.prefixListFilterNames.contains(filter.name) { throw .invalidFilter(filter.name) }
        let lists = AWSManagedPrefixList.all(in: scope.region)
        try Self.checkIds(query.ids, known: Set(lists.map(\.id)))
        let wanted = Set(query.ids)
        let selected = lists.filter { list in
            (wanted.isEmpty || wanted.contains(list.id)) && query.filters.allSatisfy { $0.matches(any: list.filterValues($0.name)) }
        }
        return try paginate(selected, query: query) { (Date.distantPast, $0.id) }
    }

    private static func checkIds(_ ids: [String], known: Set<String>) throws(EC2Error) {
        for id in ids { try ResourceIdKind.prefixList.validate(id) }
        let missing = ids.filter { !known.contains($0) }
        guard missing.isEmpty else { throw ResourceIdKind.prefixList.notFound(missing) }
    }
}

/// GetManagedPrefixListEntries and GetManagedPrefixListAssociations.
extension CloudState {
    /// The prefix list `id` as `scope` sees it, or AWS's error for a malformed or unknown id.
    public func requirePrefixList(_ id: String, seenFrom scope: AccountRegion) throws(EC2Error) -> PrefixList {
        try ResourceIdKind.prefixList.validate(id)
        guard let list = prefixList(id, seenFrom: scope) else { throw ResourceIdKind.prefixList.notFound([id]) }
        return list
    }

    /// The entries of list `id` at `targetVersion` (the current one when nil). AWS's lists have one version only.
    public func prefixListEntries(_ id: String, targetVersion: Int?, seenFrom scope: AccountRegion) throws(EC2Error) -> [PrefixListEntry] {
        let list = try requirePrefixList(id, seenFrom: scope)
        guard let version = targetVersion, case .customerManaged(let own) = list else { return list.entries }
        guard let entries = own.entries(ofVersion: version) else { throw .prefixListVersionNotFound(version, in: id) }
        return entries
    }
}
