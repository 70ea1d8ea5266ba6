/// Everything one account owns in one region.
public struct RegionState: Sendable, Equatable {
    public let scope: AccountRegion
    /// The tables and indexes, in one box: a copy of a region (every `CloudState[scope]`, every snapshot) is one
    /// reference, and the box is copied (its tables shared, see `PersistentDictionary`) by the first change to a copy.
    /// Read and changed only through the properties named as its tables (`RegionState+Tables.swift`).
    var tables = Tables()

    /// Ids of the resources that belong to each VPC, for dependency checks and `vpc-id` filters without a scan.
    public private(set) var idsByVpc: PersistentDictionary<String, PersistentSet<String>> {
        get { tables.idsByVpc }
        _modify { yield &uniqueTables.idsByVpc }
    }

    /// Ids of the resources that carry each tag (key and value), for `tag:<key>` filters without a scan.
    public private(set) var idsByTag: PersistentDictionary<Tag, PersistentSet<String>> {
        get { tables.idsByTag }
        _modify { yield &uniqueTables.idsByTag }
    }

    /// Ids of the resources (VPCs and subnets) with each CIDR block, as text, for CIDR filters without a scan.
    public private(set) var idsByCidrBlock: PersistentDictionary<String, PersistentSet<String>> {
        get { tables.idsByCidrBlock }
        _modify { yield &uniqueTables.idsByCidrBlock }
    }

    /// Ids of the resources (interfaces and volumes) attached to each instance, for what an instance holds without a scan.
    public private(set) var idsByInstance: PersistentDictionary<String, PersistentSet<String>> {
        get { tables.idsByInstance }
        _modify { yield &uniqueTables.idsByInstance }
    }

    /// Ids of the resources (interfaces) that hold private addresses of each subnet, for a subnet's addresses in use
    /// without a pass over its VPC.
    public private(set) var idsBySubnet: PersistentDictionary<String, PersistentSet<String>> {
        get { tables.idsBySubnet }
        _modify { yield &uniqueTables.idsBySubnet }
    }

    /// Ids of the resources (Elastic IPs) associated with each network interface, for an interface's public addresses
    /// without a pass over the region's addresses.
    public private(set) var idsByNetworkInterface: PersistentDictionary<String, PersistentSet<String>> {
        get { tables.idsByNetworkInterface }
        _modify { yield &uniqueTables.idsByNetworkInterface }
    }

    public init(scope: AccountRegion) { self.scope = scope }

    /// Whether this account-and-region has been set up (default VPC and the rest) and is up to date with what
    /// activation makes now (a region first used by an older LocalVPC lacks its stored default DHCP options set).
    public var isActivated: Bool { !record.isEmpty && record.values.allSatisfy(\.storesDefaultDhcpOptions) }

    /// Stores `resource`, replacing any version with its id, and moves its index entries from the old
    /// version's keys to the new one's. With `remove`, the only way resources change, so the indexes never drift.
    mutating func put<R: CloudResource>(_ resource: R) {
        let old = self[keyPath: R.table].updateValue(resource, forKey: resource.id)
        if old?.vpcId != resource.vpcId {
            idsByVpc.remove(resource.id, under: old?.vpcId)
            idsByVpc.insert(resource.id, under: resource.vpcId)
        }
        if old?.indexedTags != resource.indexedTags {
            idsByTag.remove(resource.id, under: old.map { Self.tagKeys($0.indexedTags) } ?? [])
            idsByTag.insert(resource.id, under: Self.tagKeys(resource.indexedTags))
        }
        if old?.indexedCidrBlocks != resource.indexedCidrBlocks {
            idsByCidrBlock.remove(resource.id, under: old?.indexedCidrBlocks ?? [])
            idsByCidrBlock.insert(resource.id, under: resource.indexedCidrBlocks)
        }
        if old?.attachedInstanceId != resource.attachedInstanceId {
            idsByInstance.remove(resource.id, under: old?.attachedInstanceId)
            idsByInstance.insert(resource.id, under: resource.attachedInstanceId)
        }
        if old?.indexedSubnetId != resource.indexedSubnetId {
            idsBySubnet.remove(resource.id, under: old?.indexedSubnetId)
            idsBySubnet.insert(resource.id, under: resource.indexedSubnetId)
        }
        if old?.associatedNetworkInterfaceId != resource.associatedNetworkInterfaceId {
            idsByNetworkInterface.remove(resource.id, under: old?.associatedNetworkInterfaceId)
            idsByNetworkInterface.insert(resource.id, under: resource.associatedNetworkInterfaceId)
        }
    }

    /// Removes the resource of type `R` with `id`, and its index entries.
    mutating func remove<R: CloudResource>(_ type: R.Type, id: String) {
        guard let old = self[keyPath: R.table].removeValue(forKey: id) else { return }
        idsByVpc.remove(id, under: old.vpcId)
        idsByTag.remove(id, under: Self.tagKeys(old.indexedTags))
        idsByCidrBlock.remove(id, under: old.indexedCidrBlocks)
        idsByInstance.remove(id, under: old.attachedInstanceId)
        idsBySubnet.remove(id, under: old.indexedSubnetId)
        idsByNetworkInterface.remove(id, under: old.associatedNetworkInterfaceId)
    }

    private static func tagKeys(_ tags: TagSet) -> [Tag] {
        tags.values.map { Tag(key: $0.key, value: $0.value) }
    }

    /// The resource with `id` of any kind, as its journal value.
    public func resource(_ id: String) -> Resource? {
        if let value = vpcs[id] { return value.resource }
        if let value = subnets[id] { return value.resource }
        if let value = routeTables[id] { return value.resource }
        if let value = internetGateways[id] { return value.resource }
        if let value = dhcpOptions[id] { return value.resource }
        if let value = vpnGateways[id] { return value.resource }
        if let value = customerGateways[id] { return value.resource }
        if let value = egressOnlyInternetGateways[id] { return value.resource }
        if let value = securityGroups[id] { return value.resource }
        if let value = networkAcls[id] { return value.resource }
        if let value = vpcPeeringConnections[id] { return value.resource }
        if let value = instances[id] { return value.resource }
        if let value = networkInterfaces[id] { return value.resource }
        if let value = addresses[id] { return value.resource }
        if let value = networkInsightsPaths[id] { return value.resource }
        if let value = networkInsightsAnalyses[id] { return value.resource }
        if let value = natGateways[id] { return value.resource }
        if let value = volumes[id] { return value.resource }
        if let value = launchTemplates[id] { return value.resource }
        if let value = keyPairs[id] { return value.resource }
        if let value = flowLogs[id] { return value.resource }
        if let value = managedPrefixLists[id] { return value.resource }
        if let value = vpcEndpoints[id] { return value.resource }
        if let value = transitGateways[id] { return value.resource }
        if let value = transitGatewayAttachments[id] { return value.resource }
        if let value = transitGatewayRouteTables[id] { return value.resource }
        if let value = transitGatewayPeeringAttachments[id] { return value.resource }
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

    /// Every resource this region holds, of every kind, as journal values (in no particular order).
    public var resources: [Resource] {
        var all: [Resource] = record.values.map(\.resource)
        all += vpcs.values.map(\.resource)
        all += subnets.values.map(\.resource)
        all += routeTables.values.map(\.resource)
        all += internetGateways.values.map(\.resource)
        all += dhcpOptions.values.map(\.resource)
        all += vpnGateways.values.map(\.resource)
        all += customerGateways.values.map(\.resource)
        all += egressOnlyInternetGateways.values.map(\.resource)
        all += securityGroups.values.map(\.resource)
        all += networkAcls.values.map(\.resource)
        all += vpcPeeringConnections.values.map(\.resource)
        all += instances.values.map(\.resource)
        all += networkInterfaces.values.map(\.resource)
        all += addresses.values.map(\.resource)
        all += networkInsightsPaths.values.map(\.resource)
        all += networkInsightsAnalyses.values.map(\.resource)
        all += natGateways.values.map(\.resource)
        all += volumes.values.map(\.resource)
        all += launchTemplates.values.map(\.resource)
        all += keyPairs.values.map(\.resource)
        all += flowLogs.values.map(\.resource)
        all += managedPrefixLists.values.map(\.resource)
        all += vpcEndpoints.values.map(\.resource)
        all += transitGateways.values.map(\.resource)
        all += transitGatewayAttachments.values.map(\.resource)
        all += transitGatewayRouteTables.values.map(\.resource)
        all += transitGatewayPeeringAttachments.values.map(\.resource)
        return all
    }

    /// How many resources of every kind this region holds.
    public var resourceCount: Int {
        record.count + vpcs.count + subnets.count + routeTables.count + internetGateways.count + securityGroups.count
            + networkAcls.count + vpcPeeringConnections.count + instances.count + networkInterfaces.count + addresses.count
            + networkInsightsPaths.count + networkInsightsAnalyses.count + natGateways.count + volumes.count
            + launchTemplates.count + egressOnlyInternetGateways.count + dhcpOptions.count + vpnGateways.count + customerGateways.count
            + keyPairs.count + flowLogs.count + managedPrefixLists.count + vpcEndpoints.count + transitGateways.count
            + transitGatewayAttachments.count + transitGatewayRouteTables.count
            + transitGatewayPeeringAttachments.count
    }
}

/// An index from a key to the ids filed under it; a key whose last id leaves is dropped, so an index holds
/// exactly what its resources put there (and two states with the same resources are equal).
extension PersistentDictionary where Value == PersistentSet<String> {
    fileprivate mutating func insert(_ id: String, under keys: some Sequence<Key>) {
        for key in keys { self[key, default: []].insert(id) }
    }

    fileprivate mutating func insert(_ id: String, under key: Key?) {
        if let key { insert(id, under: [key]) }
    }

    fileprivate mutating func remove(_ id: String, under keys: some Sequence<Key>) {
        for key in keys {
            self[key]?.remove(id)
            if self[key]?.isEmpty == true { self[key] = nil }
        }
    }

    fileprivate mutating func remove(_ id: String, under key: Key?) {
        if let key { remove(id, under: [key]) }
    }
}
