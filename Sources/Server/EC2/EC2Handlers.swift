import CloudModel
import EC2Protocol

/// The EC2 operations LocalVPC serves: each maps a decoded request to a model command or query, and the
/// model's answer back to the wire shape. The rules live in CloudModel; nothing here decides what AWS allows.
struct EC2Handlers: EC2Operations {
    typealias Context = EC2RequestContext

    let cloud: CloudService

    /// Runs a write command in the caller's account and region.
    func perform<Result: Sendable>(
        _ context: Context,
        dryRun: Bool?,
        _ command: @escaping @Sendable (inout Transaction) throws(EC2Error) -> Result
    ) async throws -> Result {
        try await cloud.perform(in: context.scope, dryRun: dryRun ?? false, command)
    }

    /// Commands over at least this many instances are worked out off the cloud's actor (`CloudService.performAside`):
    /// a launch of 1,000 takes tens of milliseconds, which on the actor every other account's write would wait for.
    static let asideInstanceCount = 50

    /// Runs a write command in the caller's account and region, worked out off the actor when `aside`.
    func perform<Result: Sendable>(
        _ context: Context,
        dryRun: Bool?,
        aside: Bool,
        _ command: @escaping @Sendable (inout Transaction) throws(EC2Error) -> Result
    ) async throws -> Result {
        guard aside else { return try await perform(context, dryRun: dryRun, command) }
        return try await cloud.performAside(in: context.scope, dryRun: dryRun ?? false, command)
    }

    /// The state to answer a read from; `DryRun` on a read answers `DryRunOperation`, as AWS does for a permitted call.
    func snapshot(_ context: Context, dryRun: Bool?) async throws -> CloudState {
        if dryRun == true { throw EC2Error.dryRunOperation }
        return try await cloud.snapshot(for: context.scope)
    }

    /// Pages through the resources of one type that a Describe call selects.
    func describe<R: Filterable>(
        _ type: R.Type,
        _ context: Context,
        dryRun: Bool?,
        ids: [String]?,
        filters: [EC2.Filter]?,
        maxResults: Int?,
        nextToken: String?,
        maxResultsRange: ClosedRange<Int> = 5...1000
    ) async throws -> (Page<R>, CloudState) {
        let state = try await snapshot(context, dryRun: dryRun)
        let query = DescribeQuery(
            ids: ids ?? [], filters: try Filter.from(filters), maxResults: maxResults, nextToken: nextToken, maxResultsRange: maxResultsRange)
        return (try state.describe(type, in: context.scope, query: query, at: cloud.clock.now()), state)
    }
}

/// What the handlers know of a request besides its parameters.
struct EC2RequestContext: Sendable {
    let scope: AccountRegion
    let requestId: String
}

extension Filter {
    /// The model's filters from the wire's `Filter.N.Name` / `Filter.N.Value.M`.
    /// AWS's limit on filter values per call applies here, where filters enter, before any value is compiled.
    static func from(_ filters: [EC2.Filter]?) throws(EC2Error) -> [Filter] {
        try Filter.checkLimits(valueCounts: (filters ?? []).lazy.map { $0.values?.count ?? 0 })
        var result: [Filter] = []
        for filter in filters ?? [] {
            guard let name = filter.name else { throw .invalidFilter("null") }
            result.append(Filter(name: name, values: filter.values ?? []))
        }
        return result
    }
}

extension TagSpecification {
    static func from(_ specifications: [EC2.TagSpecification]?) -> [TagSpecification] {
        (specifications ?? []).map { TagSpecification(resourceType: $0.resourceType, tags: Tag.from($0.tags)) }
    }
}

extension Tag {
    static func from(_ tags: [EC2.Tag]?) -> [Tag] {
        (tags ?? []).map { Tag(key: $0.key ?? "", value: $0.value) }
    }
}

extension TagSet {
    /// The wire's `tagSet`, in key order; absent when there are no tags, as AWS answers.
    var wire: [EC2.Tag]? { isEmpty ? nil : map { EC2.Tag(key: $0.key, value: $0.value) } }
}

extension EC2.AttributeBooleanValue {
    init(_ value: Bool) { self.init(value: value) }
}
