import Addressing

/// CreateSubnet, DeleteSubnet and ModifySubnetAttribute.
extension Transaction {
    /// The subnet netmasks AWS allows.
    public static let subnetPrefixLengths = 16...28

    /// Creates a subnet with an IPv4 block inside one of its VPC's, an IPv6 block inside the VPC's IPv6 block, or
    /// both, in the zone given by name or id (or one AWS picks). An `ipv6Native` subnet has the IPv6 block alone.
    public mutating func createSubnet(
        vpcId: String?,
        cidrBlock: String?,
        ipv6CidrBlock: String? = nil,
        ipv6Native: Bool = false,
        availabilityZone: String? = nil,
        availabilityZoneId: String? = nil,
        tagSpecifications: [TagSpecification] = []
    ) throws(EC2Error) -> Subnet {
        guard let vpcId else { throw .missingParameter("VpcId") }
        if ipv6Native {
            guard ipv6CidrBlock != nil else { throw .ipv6NativeNeedsIpv6Block }
            guard cidrBlock == nil else { throw .ipv6NativeWithIpv4Block }
        } else if cidrBlock == nil {
            throw .missingParameter("CidrBlock")
        }
        let vpc = try require(Vpc.self, vpcId)
        let siblings = all(Subnet.self, inVpc: vpcId)
        let block = try cidrBlock.map { text throws(EC2Error) in try Self.checkSubnetBlock(text, in: vpc, siblings: siblings) }
        let ipv6Block = try ipv6CidrBlock.map { text throws(EC2Error) in try Self.checkSubnetIpv6Block(text, in: vpc, siblings: siblings) }
        if configuration.enforcesAdjustableQuotas, siblings.count >= configuration.quotas.subnetsPerVpc {
            throw .limitExceeded("SubnetLimitExceeded", "The maximum number of subnets for this VPC has been reached.")
        }
        let zone = try chooseZone(name: availabilityZone, id: availabilityZoneId, siblings: siblings)
        let tags = try TagSet.creating(Subnet.resourceType, from: tagSpecifications)
        var subnet = Subnet(id: newId(.subnet), scope: scope, vpcId: vpcId, cidrBlock: block, zone: zone, tags: tags, createdAt: now)
        if let ipv6Block {
            subnet.ipv6CidrBlockAssociations = [
                SubnetIpv6CidrBlockAssociation(associationId: newId(.subnetCidrAssociation), ipv6CidrBlock: ipv6Block)
            ]
        }
        if ipv6Native {
            // AWS names instances in an IPv6-only subnet by their id and gives them IPv6 addresses at launch.
            subnet.ipv6Native = true
            subnet.assignIpv6AddressOnCreation = true
            subnet.privateDnsNameOptionsOnLaunch.hostnameType = .resourceName
        }
        put(subnet)
        try associateWithDefaultAcl(subnet)
        return subnet
    }

    /// AWS's rules for a subnet's IPv4 block: made canonical ("if you specify 100.68.0.18/18, we modify it to
    /// 100.68.0.0/18", CreateSubnet in the API reference), /16 to /28, inside one of the VPC's blocks, overlapping no
    /// sibling.
    static func checkSubnetBlock(_ text: String, in vpc: Vpc, siblings: [Subnet]) throws(EC2Error) -> IPv4CIDR {
        guard let block = IPv4CIDR(text)?.canonical else { throw .invalidCidr(text) }
        guard Self.subnetPrefixLengths.contains(block.prefixLength), vpc.ipv4Blocks.contains(where: { $0.contains(block) }) else {
            throw .subnetRange(block.description)
        }
        guard !siblings.contains(where: { $0.cidrBlock?.overlaps(block) == true }) else { throw .subnetConflict(block.description) }
        return block
    }

    /// Deletes a subnet and its route-table and network-ACL associations.
    public mutating func deleteSubnet(_ subnetId: String) throws(EC2Error) {
        let subnet = try require(Subnet.self, subnetId)
        guard all(NetworkInterface.self, inSubnet: subnetId, in: subnet.scope).isEmpty else {
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
        deleteFlowLogs(monitoring: subnetId)
        delete(subnet)
    }

    /// The subnet attributes ModifySubnetAttribute sets, one per call.
    public enum SubnetAttribute: Sendable {
        case mapPublicIpOnLaunch(Bool)
        case assignIpv6AddressOnCreation(Bool)
        case enableDns64(Bool)
        case privateDnsHostnameTypeOnLaunch(PrivateDnsNameOptions.HostnameType)
        case enableResourceNameDnsARecordOnLaunch(Bool)
        case enableResourceNameDnsAAAARecordOnLaunch(Bool)
    }

    public mutating func modifySubnetAttribute(_ subnetId: String, _ attribute: SubnetAttribute) throws(EC2Error) {
        var subnet = try require(Subnet.self, subnetId)
        switch attribute {
        case .mapPublicIpOnLaunch(let value):
            if value && subnet.ipv6Native { throw .ipv6OnlySubnetHasNoIpv4(subnetId) }
            subnet.mapPublicIpOnLaunch = value
        case .assignIpv6AddressOnCreation(let value):
            if value && subnet.ipv6CidrBlockAssociations.isEmpty {
                throw .subnetHasNoIpv6Block(subnetId, attribute: "assign-ipv6-address-on-creation")
            }
            if !value && subnet.ipv6Native { throw .ipv6OnlySubnetMustAssignIpv6(subnetId) }
            subnet.assignIpv6AddressOnCreation = value
        case .enableDns64(let value):
            if value && subnet.ipv6CidrBlockAssociations.isEmpty { throw .subnetHasNoIpv6Block(subnetId, attribute: "enable-dns64") }
            subnet.enableDns64 = value
        case .privateDnsHostnameTypeOnLaunch(let type):
            if type == .ipName && subnet.ipv6Native { throw .ipv6OnlySubnetHasNoIpv4(subnetId) }
            subnet.privateDnsNameOptionsOnLaunch.hostnameType = type
        case .enableResourceNameDnsARecordOnLaunch(let value):
            if value && subnet.ipv6Native { throw .ipv6OnlySubnetHasNoIpv4(subnetId) }
            subnet.privateDnsNameOptionsOnLaunch.enableResourceNameDnsARecord = value
        case .enableResourceNameDnsAAAARecordOnLaunch(let value):
            if value && subnet.ipv6CidrBlockAssociations.isEmpty {
                throw .subnetHasNoIpv6Block(subnetId, attribute: "enable-resource-name-dns-aaaa-record-on-launch")
            }
            subnet.privateDnsNameOptionsOnLaunch.enableResourceNameDnsAAAARecord = value
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
