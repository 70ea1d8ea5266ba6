import Addressing

/// CreateSubnet, DeleteSubnet and ModifySubnetAttribute.
extension Transaction {
    /// The subnet netmasks AWS allows.
    public static let subnetPrefixLengths = 16...28

    /// Creates a subnet inside one of its VPC's IPv4 blocks, in the zone given by name or id (or one AWS picks).
    public mutating func createSubnet(
        vpcId: String?,
        cidrBlock: String?,
        availabilityZone: String? = nil,
        availabilityZoneId: String? = nil,
        tagSpecifications: [TagSpecification] = []
    ) throws(EC2Error) -> Subnet {
        guard let vpcId else { throw .missingParameter("VpcId") }
        guard let cidrBlock else { throw .missingParameter("CidrBlock") }
        let vpc = try require(Vpc.self, vpcId)
        guard let block = IPv4CIDR(cidrBlock), block.isCanonical else { throw .invalidCidr(cidrBlock) }
        guard Self.subnetPrefixLengths.contains(block.prefixLength), vpc.ipv4Blocks.contains(where: { $0.contains(block) }) else {
            throw .subnetRange(cidrBlock)
        }
        let siblings = all(Subnet.self, inVpc: vpcId)
        guard !siblings.contains(where: { $0.cidrBlock.overlaps(block) }) else { throw .subnetConflict(cidrBlock) }
        if configuration.enforcesAdjustableQuotas, siblings.count >= configuration.quotas.subnetsPerVpc {
            throw .limitExceeded("SubnetLimitExceeded", "The maximum number of subnets for this VPC has been reached.")
        }
        let zone = try chooseZone(name: availabilityZone, id: availabilityZoneId, siblings: siblings)
        let tags = try TagSet.creating(Subnet.resourceType, from: tagSpecifications)
        let subnet = Subnet(id: newId(.subnet), scope: scope, vpcId: vpcId, cidrBlock: block, zone: zone, tags: tags, createdAt: now)
        put(subnet)
        try associateWithDefaultAcl(subnet)
        return subnet
    }

    /// Deletes a subnet and its route-table and network-ACL associations.
    public mutating func deleteSubnet(_ subnetId: String) throws(EC2Error) {
        let subnet = try require(Subnet.self, subnetId)
        guard !all(NetworkInterface.self, inVpc: subnet.subnetVpcId).contains(where: { $0.subnetId == subnetId }) else {
            throw .dependencyViolation("The subnet '\(subnetId)' has dependencies and cannot be deleted.")
        }
        for var table in all(RouteTable.self, inVpc: subnet.subnetVpcId) where table.associations.contains(where: { $0.subnetId == subnetId }) {
            table.associations.removeAll { $0.subnetId == subnetId }
            put(table)
        }
        for var acl in all(NetworkAcl.self, inVpc: subnet.subnetVpcId) where acl.associations.contains(where: { $0.subnetId == subnetId }) {
            acl.associations.removeAll { $0.subnetId == subnetId }
            put(acl)
        }
        delete(subnet)
    }

    /// The subnet attributes ModifySubnetAttribute sets, one per call.
    public enum SubnetAttribute: Sendable {
        case mapPublicIpOnLaunch(Bool)
        case assignIpv6AddressOnCreation(Bool)
    }

    public mutating func modifySubnetAttribute(_ subnetId: String, _ attribute: SubnetAttribute) throws(EC2Error) {
        var subnet = try require(Subnet.self, subnetId)
        switch attribute {
        case .mapPublicIpOnLaunch(let value): subnet.mapPublicIpOnLaunch = value
        case .assignIpv6AddressOnCreation(let value): subnet.assignIpv6AddressOnCreation = value
        }
        put(subnet)
    }

    private func chooseZone(name: String?, id: String?, siblings: [Subnet]) throws(EC2Error) -> RegionCatalog.AvailabilityZone {
        if name != nil && id != nil {
            throw .invalidParameterCombination("Only one of availabilityZone and availabilityZoneId may be specified.")
        }
        if let given = name ?? id {
            guard let zone = RegionCatalog.zone(given, in: scope.region) else {
                let valid = RegionCatalog.region(named: scope.region)?.zones.map(\.name).joined(separator: ", ") ?? ""
                throw .invalidParameterValue(
                    "Value (\(given)) for parameter availability\(name != nil ? "Zone" : "ZoneId") is invalid. Subnets can currently only be created in the following availability zones: \(valid)."
                )
            }
            return zone
        }
        // AWS picks a zone for you; LocalVPC picks the one this VPC uses least, so the choice is reproducible.
        let zones = RegionCatalog.region(named: scope.region)?.zones ?? []
        guard
            let zone = zones.min(by: { a, b in siblings.count { $0.availabilityZone == a.name } < siblings.count { $0.availabilityZone == b.name } })
        else { throw .invalidParameterValue("The region '\(scope.region)' has no availability zones.") }
        return zone
    }

    private mutating func associateWithDefaultAcl(_ subnet: Subnet) throws(EC2Error) {
        guard var acl = all(NetworkAcl.self, inVpc: subnet.subnetVpcId).first(where: \.isDefault) else { return }
        acl.associations.append(NetworkAclAssociation(id: newId(.networkAclAssociation), subnetId: subnet.id))
        put(acl)
    }
}
