public import Foundation

/// One `Filter.N` of a Describe call: a name and the values any of which may match.
///
/// Each value is compiled once, when the filter is made (`FilterPattern`), so matching it against every resource of
/// a large region costs the resources' text, not the value's length times the number of resources.
public struct Filter: Sendable, Hashable {
    public let name: String
    public let values: [String]
    private let patterns: [FilterPattern]

    /// AWS's limit on filter values in one call, over all of its filters (`FilterLimitExceeded`).
    public static let maximumValuesPerCall = 200

    public init(name: String, values: [String]) {
        self.name = name
        self.values = values
        self.patterns = values.map(FilterPattern.init)
    }

    /// Refuses `filters` beyond AWS's limit: at most 200 values in one call, all filters together, answered
    /// `FilterLimitExceeded` with AWS's words. Checked where filters enter, before any of them is compiled.
    public static func checkLimits(valueCounts: some Sequence<Int>) throws(EC2Error) {
        var total = 0
        for count in valueCounts {
            total += count
            if total > maximumValuesPerCall { throw .filterLimitExceeded(maximumValuesPerCall) }
        }
    }

    /// Whether any of `candidates` matches any of the filter's values, with AWS's wildcards
    /// (`*` any run of characters, `?` one character, `\` escaping either).
    public func matches(any candidates: [String]) -> Bool {
        patterns.contains { pattern in candidates.contains { pattern.matches($0) } }
    }

    /// Whether every value is literal (no `*`, `?` or `\`), so it matches only itself and an index can look it up.
    public var hasOnlyLiteralValues: Bool {
        !values.contains(where: FilterPattern.hasWildcards)
    }
}

/// A resource Describe calls can filter: it names its documented filters and the values each one sees.
public protocol Filterable: IdentifiedResource {
    /// The filter names AWS documents for this resource type, besides `tag:<key>`, `tag-key` and `tag-value`.
    static var filterNames: Set<String> { get }
    /// The names AWS still accepts without documenting them (the old XML-field names such as `isDefault`, and
    /// kebab-case leftovers such as `cidr-block` on DescribeVpcs), each onto the documented name it means.
    /// Empty by default. Applied before the name check and the index lookup (`canonicalFilterName(_:)`), so the
    /// rest of Describe sees only documented names.
    static var filterAliases: [String: String] { get }
    /// The filters (of `filterNames`) whose literal values a region index can look up, and which index.
    /// Empty by default: Describe then scans.
    static var indexedFilters: [String: FilterIndex] { get }
    /// The values of filter `name` (one of `filterNames`) for this resource. `state` is the snapshot being
    /// described and `now` its time, for values derived from other resources (a route's state).
    func filterValues(_ name: String, in state: CloudState, at now: Date) -> [String]
    /// Whether Describe still shows the resource at `now` (terminated instances fade after an hour).
    func isVisible(at now: Date) -> Bool
}

extension Filterable {
    public static var indexedFilters: [String: FilterIndex] { [:] }

    public static var filterAliases: [String: String] { [:] }

    /// The documented name `name` stands for: itself, or the one its alias means.
    public static func canonicalFilterName(_ name: String) -> String { filterAliases[name] ?? name }

    /// `filters` with every alias replaced by the documented name it means.
    public static func canonicalFilters(_ filters: [Filter]) -> [Filter] {
        filters.map { Filter(name: canonicalFilterName($0.name), values: $0.values) }
    }

    public func isVisible(at now: Date) -> Bool { true }

    /// Whether `name` (documented or an alias) is a filter of this resource type.
    public static func accepts(filter name: String) -> Bool {
        name.hasPrefix("tag:") || name == "tag-key" || name == "tag-value" || filterNames.contains(canonicalFilterName(name))
    }

    /// Whether this resource passes every filter; the names were checked with `accepts(filter:)` and made canonical.
    func matches(_ filters: [Filter], in state: CloudState, at now: Date) -> Bool {
        filters.allSatisfy { filter in filter.matches(any: tagFilterValues(filter.name) ?? filterValues(filter.name, in: state, at: now)) }
    }

    private func tagFilterValues(_ name: String) -> [String]? {
        if name.hasPrefix("tag:") { return tags[String(name.dropFirst(4))].map { [$0] } ?? [] }
        switch name {
        case "tag-key": return tags.map(\.key)
        case "tag-value": return tags.map(\.value)
        default: return nil
        }
    }
}
