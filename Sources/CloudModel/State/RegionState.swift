/// Everything one account owns in one region.
public struct RegionState: Sendable, Equatable {
    public let scope: AccountRegion
    /// The account-and-region record, present once the region was first used (its default VPC made).
    public var record: [String: AccountRegionRecord] = [:]
    public var vpcs: [String: Vpc] = [:]
    public var subnets: [String: Subnet] = [:]
    public var routeTables: [String: RouteTable] = [:]
    public var internetGateways: [String: InternetGateway] = [:]
    public var securityGroups: [String: SecurityGroup] = [:]
    public var networkAcls: [String: NetworkAcl] = [:]
    /// The peering connections this account requested from this region.
    public var vpcPeeringConnections: [String: VpcPeeringConnection] = [:]
    public var instances: [String: Instance] = [:]
    public var networkInterfaces: [String: NetworkInterface] = [:]
    public var addresses: [String: Address] = [:]
    public var networkInsightsPaths: [String: NetworkInsightsPath] = [:]
    public var networkInsightsAnalyses: [String: NetworkInsightsAnalysis] = [:]
    /// Ids of the resources that belong to each VPC, for dependency checks without a scan.
    public private(set) var idsByVpc: [String: Set<String>] = [:]

    public init(scope: AccountRegion) { self.scope = scope }

    /// Whether this account-and-region has been set up (default VPC and the rest).
    public var isActivated: Bool { !record.isEmpty }

    mutating func put<R: CloudResource>(_ resource: R) {
        if let old = self[keyPath: R.table][resource.id], let vpcId = old.vpcId, vpcId != resource.vpcId {
            idsByVpc[vpcId]?.remove(resource.id)
        }
        self[keyPath: R.table][resource.id] = resource
        if let vpcId = resource.vpcId { idsByVpc[vpcId, default: []].insert(resource.id) }
    }

    mutating func remove<R: CloudResource>(_ type: R.Type, id: String) {
        guard let old = self[keyPath: R.table].removeValue(forKey: id) else { return }
        if let vpcId = old.vpcId {
            idsByVpc[vpcId]?.remove(id)
            if idsByVpc[vpcId]?.isEmpty == true { idsByVpc[vpcId] = nil }
        }
    }

    /// The resource with `id` of any kind, as its journal value.
    public func resource(_ id: String) -> Resource? {
        if let value = vpcs[id] { return value.resource }
        if let value = subnets[id] { return value.resource }
        if let value = routeTables[id] { return value.resource }
        if let value = internetGateways[id] { return value.resource }
        if let value = securityGroups[id] { return value.resource }
        if let value = networkAcls[id] { return value.resource }
        if let value = vpcPeeringConnections[id] { return value.resource }
        if let value = instances[id] { return value.resource }
        if let value = networkInterfaces[id] { return value.resource }
        if let value = addresses[id] { return value.resource }
        if let value = networkInsightsPaths[id] { return value.resource }
        if let value = networkInsightsAnalyses[id] { return value.resource }
        if let value = record[id] { return value.resource }
        return nil
    }

    /// Stores a journalled resource in its kind's table.
    mutating func apply(_ resource: Resource) {
        put(resource.base)
    }

    /// Removes the resource with `id`, whatever its kind.
    mutating func removeAny(id: String) {
        guard let existing = resource(id) else { return }
        remove(sameKindAs: existing.base)
    }

    private mutating func remove<R: CloudResource>(sameKindAs existing: R) {
        remove(R.self, id: existing.id)
    }

    /// How many resources of every kind this region holds.
    public var resourceCount: Int {
        record.count + vpcs.count + subnets.count + routeTables.count + internetGateways.count + securityGroups.count
            + networkAcls.count + vpcPeeringConnections.count + instances.count + networkInterfaces.count + addresses.count
            + networkInsightsPaths.count + networkInsightsAnalyses.count
    }
}
