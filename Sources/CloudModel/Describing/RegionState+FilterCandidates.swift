extension RegionState {
    /// The ids `index` files under `value`.
    public func ids(filedUnder value: String, in index: FilterIndex) -> PersistentSet<String> {
        switch index {
        case .vpc: idsByVpc[value] ?? []
        case .cidrBlock: idsByCidrBlock[value] ?? []
        case .tag(let key): idsByTag[Tag(key: key, value: value)] ?? []
        }
    }

    /// The ids of the resources of type `R` that may pass `filters`, as the region's indexes narrow them; nil when
    /// no filter can use an index (every value literal, the name indexed for `R`), so the caller scans.
    ///
    /// Each such filter gives the ids filed under any of its values, and the filters' ids are intersected. The
    /// answer may hold ids that fail a filter or are of another type (tags and VPCs index every kind), but never
    /// misses one that passes: callers look the ids up in `R`'s table and still check every filter.
    public func candidateIds<R: Filterable>(_ type: R.Type, narrowedBy filters: [Filter]) -> Set<String>? {
        var narrowest: Set<String>?
        for (filter, index) in indexed(R.self, filters) {
            let found: Set<String> = filter.values.reduce(into: []) { $0.formUnion(ids(filedUnder: $1, in: index)) }
            guard let current = narrowest else {
                narrowest = found
                continue
            }
            narrowest = found.count < current.count ? found.filter(current.contains) : current.filter(found.contains)
        }
        return narrowest
    }

    /// At most how many ids `candidateIds` would answer, counted in the indexes without gathering them: the fewest any
    /// one indexed filter files under its values; nil when no filter can use an index.
    public func candidateBound<R: Filterable>(_ type: R.Type, narrowedBy filters: [Filter]) -> Int? {
        indexed(R.self, filters).map { filter, index in filter.values.reduce(0) { $0 + ids(filedUnder: $1, in: index).count } }.min()
    }

    /// The filters a region index can look up for `R` (every value literal, the name indexed), with their index.
    private func indexed<R: Filterable>(_ type: R.Type, _ filters: [Filter]) -> [(Filter, FilterIndex)] {
        filters.compactMap { filter in
            guard filter.hasOnlyLiteralValues, let index = R.index(forFilter: filter.name) else { return nil }
            return (filter, index)
        }
    }
}
