import CloudModel
import EC2Protocol

extension EC2Handlers {
    /// Regions holding at least this many resources have their describes run off the event loops.
    static let longReadRegionSize = 2000
    /// Filter values adding up to at least this many characters make a describe run off the event loops.
    static let longReadFilterLength = 64 << 10

    /// Answers one EC2 request: a read that may take long (see `isLongRead`) or a write over many instances (see
    /// `isLargeWrite`) on `LongReadExecutor`, anything else where it arrived. A write's command still joins the cloud's
    /// write queue on the cloud's own thread (`CloudExecutor`), never waiting there for a low-priority thread; what runs
    /// here is decoding it, working it out (`CloudService.performAside`) and writing its answer.
    func respond(action: String?, parameters: QueryParameters, requestId: String, context: Context) async throws -> EC2ResponseDocument {
        guard isLongRead(action: action, parameters: parameters, scope: context.scope) || isLargeWrite(action: action, parameters: parameters)
        else {
            return try await handle(action: action, parameters: parameters, requestId: requestId, context: context)
        }
        return try await LongReadExecutor.run { try await handle(action: action, parameters: parameters, requestId: requestId, context: context) }
    }

    /// Whether `action` launches, terminates, stops or starts at least `asideInstanceCount` instances: its answer alone
    /// (an item for each instance) takes milliseconds to write, which on an event loop every request queued there waits for.
    func isLargeWrite(action: String?, parameters: QueryParameters) -> Bool {
        switch action {
        case "RunInstances": (parameters["MaxCount"].flatMap { Int($0) } ?? 0) >= Self.asideInstanceCount
        case "TerminateInstances", "StopInstances", "StartInstances":
            (parameters.child("InstanceId")?.elements.count ?? 0) >= Self.asideInstanceCount
        default: false
        }
    }

    /// Whether `action` reads (Describe…, Get…, Search…) and may take long: its filter values are long, or its region is
    /// large and the call asks for all of it (no page size, no ids, no filter a region index narrows to fewer than
    /// `longReadRegionSize` candidates). A lookup by id, by an indexed filter (a tag, a VPC, a CIDR block) or one page
    /// stays on the event loop, where it costs no thread hop: sent to a long-read thread, a lookup by tag among 10,000
    /// VPCs took twice as long as among 100.
    func isLongRead(action: String?, parameters: QueryParameters, scope: AccountRegion) -> Bool {
        guard let action, action.hasPrefix("Describe") || action.hasPrefix("Get") || action.hasPrefix("Search") else { return false }
        var length = 0
        for filter in parameters.child("Filter")?.elements ?? [] {
            for value in filter.child("Value")?.elements ?? [] { length += value.value?.utf8.count ?? 0 }
            if length >= Self.longReadFilterLength { return true }
        }
        guard parameters["MaxResults"] == nil else { return false }
        let namesIds = parameters.childKeys.contains { key in
            (key.hasSuffix("Id") || key.hasSuffix("Ids")) && !(parameters.child(key)?.elements.isEmpty ?? true)
        }
        guard !namesIds else { return false }
        let region = cloud.snapshot()[scope]
        guard region.resourceCount >= Self.longReadRegionSize else { return false }
        guard let bound = Self.candidateBounds[action], let narrowed = bound(region, Self.filters(parameters)) else { return true }
        return narrowed >= Self.longReadRegionSize
    }

    /// The describes that look their candidates up in the region's indexes (`CloudState.describe`): how many
    /// candidates the indexes leave them (`RegionState.candidateBound`, for the type each describes).
    static let candidateBounds: [String: @Sendable (RegionState, [Filter]) -> Int?] = [
        "DescribeVpcs": { $0.candidateBound(Vpc.self, narrowedBy: $1) },
        "DescribeSubnets": { $0.candidateBound(Subnet.self, narrowedBy: $1) },
        "DescribeRouteTables": { $0.candidateBound(RouteTable.self, narrowedBy: $1) },
        "DescribeSecurityGroups": { $0.candidateBound(SecurityGroup.self, narrowedBy: $1) },
        "DescribeNetworkAcls": { $0.candidateBound(NetworkAcl.self, narrowedBy: $1) },
        "DescribeInternetGateways": { $0.candidateBound(InternetGateway.self, narrowedBy: $1) },
        "DescribeNetworkInterfaces": { $0.candidateBound(NetworkInterface.self, narrowedBy: $1) },
        "DescribeNatGateways": { $0.candidateBound(NatGateway.self, narrowedBy: $1) },
        "DescribeVpcEndpoints": { $0.candidateBound(VpcEndpoint.self, narrowedBy: $1) },
        "DescribeInstances": { $0.candidateBound(Instance.self, narrowedBy: $1) },
        "DescribeVolumes": { $0.candidateBound(Volume.self, narrowedBy: $1) },
    ]

    /// The request's filters as the model reads them (`Filter.N.Name`, `Filter.N.Value.M`), before any is checked.
    static func filters(_ parameters: QueryParameters) -> [Filter] {
        (parameters.child("Filter")?.elements ?? []).compactMap { element in
            element.child("Name")?.value.map { Filter(name: $0, values: element.child("Value")?.elements.compactMap(\.value) ?? []) }
        }
    }
}
