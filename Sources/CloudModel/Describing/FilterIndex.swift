/// A region index that gives the candidates of a filter whose values are literal, so Describe need not scan
/// every resource of the type.
///
/// A resource type names its indexed filters in `Filterable.indexedFilters`; `tag:<key>` filters use `.tag`
/// on every type. An index may file a resource under more values than a filter sees (a VPC under all its
/// blocks, where `cidr` sees only the primary one), never under fewer: Describe still checks every filter
/// on each candidate, so the index only narrows.
public enum FilterIndex: Sendable, Hashable {
    /// `RegionState.idsByVpc`: the filter's values are the resource's `vpcId`.
    case vpc
    /// `RegionState.idsByCidrBlock`: the filter's values are among the resource's `indexedCidrBlocks`.
    case cidrBlock
    /// `RegionState.idsByTag`: the filter's values are those of the resource's tag `key` (`tag:<key>`).
    case tag(key: String)
}

extension Filterable {
    /// The index that can look up the values of filter `name` (documented or an alias), or nil when Describe must
    /// scan for it.
    public static func index(forFilter name: String) -> FilterIndex? {
        name.hasPrefix("tag:") ? .tag(key: String(name.dropFirst(4))) : indexedFilters[canonicalFilterName(name)]
    }
}
