import Addressing

/// CreateVpc, DeleteVpc, ModifyVpcAttribute, ModifyVpcTenancy and the VPC's CIDR blocks.
extension Transaction {
    /// The VPC netmasks AWS allows, for the primary block and for secondary ones.
    public static let vpcPrefixLengths = 16...28

    /// Creates a VPC with its main route table, default security group and default network ACL.
    public mutating func createVpc(
        cidrBlock: String?,
        amazonProvidedIpv6CidrBlock: Bool = false,
        instanceTenancy: String? = nil,
        tagSpecifications: [TagSpecification] = []
    ) throws(EC2Error) -> Vpc {
        guard let cidrBlock else { throw .missingParameter("CidrBlock") }
        let block = try Self.parseVpcBlock(cidrBlock, parameter: "cidrBlock", canonicalizing: true)
        // Link-local blocks "cannot be assigned to VPCs" (VPC User Guide, "VPC CIDR blocks").
        guard !Self.linkLocal.overlaps(block) else { throw .vpcRange(block.description) }
        let tenancy = instanceTenancy ?? "default"
        // `host` is a tenancy of instances, never of a VPC: CreateVpc refuses it ("The host value cannot be used with
        // this parameter", the API reference).
        guard ["default", "dedicated"].contains(tenancy) else {
            throw .invalidParameterValue("Value (\(tenancy)) for parameter instanceTenancy is invalid.")
        }
        let tags = try TagSet.creating(Vpc.resourceType, from: tagSpecifications)
        if configuration.enforcesAdjustableQuotas, all(Vpc.self).count >= configuration.quotas.vpcsPerRegion {
            throw .limitExceeded("VpcLimitExceeded", "The maximum number of VPCs has been reached.")
        }
        var vpc = makeVpc(block, isDefault: false, tenancy: tenancy, tags: tags)
        if amazonProvidedIpv6CidrBlock {
            let association = newIpv6Association()
            vpc.ipv6CidrBlockAssociations.append(association)
            put(vpc)
            try addLocalRoute(.v6(association.ipv6CidrBlock), vpcId: vpc.id)
            addIpv6DefaultAclEntries(vpcId: vpc.id)
            addIpv6DefaultEgressRule(vpcId: vpc.id)
        }
        return vpc
    }

    /// Deletes a VPC that has nothing left in it but its default resources.
    public mutating func deleteVpc(_ vpcId: String) throws(EC2Error) {
        let vpc = try require(Vpc.self, vpcId)
        if peerings(ofVpc: vpcId).contains(where: { $0.status(at: now).isLive }) {
            throw .dependencyViolation("The vpc '\(vpcId)' has dependencies and cannot be deleted.")
        }
        if !all(InternetGateway.self, inVpc: vpcId).isEmpty || !all(EgressOnlyInternetGateway.self, inVpc: vpcId).isEmpty
            || !all(VpnGateway.self, inVpc: vpcId).isEmpty || !liveEndpoints(inVpc: vpcId).isEmpty
            || all(TransitGatewayAttachment.self, inVpc: vpcId).contains(where: \.isLive)
        {
            throw .dependencyViolation("The vpc '\(vpcId)' has dependencies and cannot be deleted.")
        }
        let blocking =
            all(Subnet.self, inVpc: vpcId).map(\.id)
            + all(RouteTable.self, inVpc: vpcId).filter { !$0.isMain }.map(\.id)
            + all(SecurityGroup.self, inVpc: vpcId).filter { !$0.isDefault }.map(\.id)
            + all(NetworkAcl.self, inVpc: vpcId).filter { !$0.isDefault }.map(\.id)
        if !blocking.isEmpty {
            throw .dependencyViolation("The vpc '\(vpcId)' has dependencies and cannot be deleted.")
        }
        for table in all(RouteTable.self, inVpc: vpcId) { delete(table) }
        for group in all(SecurityGroup.self, inVpc: vpcId) { delete(group) }
        for acl in all(NetworkAcl.self, inVpc: vpcId) { delete(acl) }
        deleteFlowLogs(monitoring: vpcId)
        delete(vpc)
    }

    /// One VPC attribute, as ModifyVpcAttribute takes them: exactly one per call.
    public enum VpcAttribute: String, Sendable, CaseIterable {
        case enableDnsSupport, enableDnsHostnames, enableNetworkAddressUsageMetrics
    }

    /// ModifyVpcTenancy: a dedicated VPC becomes a default one, so that later launches share hardware (those running
    /// keep theirs). `default` is the only value AWS takes ("You can change the instance tenancy attribute of a VPC to
    /// default only", the API reference).
    public mutating func modifyVpcTenancy(_ vpcId: String, instanceTenancy: String) throws(EC2Error) {
        var vpc = try require(Vpc.self, vpcId)
        guard instanceTenancy == "default" else {
            throw .invalidParameterValue("Value (\(instanceTenancy)) for parameter instanceTenancy is invalid. Valid values: default")
        }
        vpc.instanceTenancy = instanceTenancy
        put(vpc)
    }

    /// Sets one attribute; DNS hostnames need DNS support, as in AWS.
    public mutating func modifyVpcAttribute(_ vpcId: String, _ attribute: VpcAttribute, to value: Bool) throws(EC2Error) {
        var vpc = try require(Vpc.self, vpcId)
        switch attribute {
        case .enableDnsSupport:
            vpc.enableDnsSupport = value
        case .enableDnsHostnames:
            guard !value || vpc.enableDnsSupport else {
                throw .invalidParameterValue("DNS hostnames cannot be enabled for a VPC that has DNS support disabled.")
            }
            vpc.enableDnsHostnames = value
        case .enableNetworkAddressUsageMetrics:
            vpc.enableNetworkAddressUsageMetrics = value
        }
        put(vpc)
    }

    /// 169.254.0.0/16, which no VPC block may overlap.
    static let linkLocal = IPv4CIDR("169.254.0.0/16")!

    /// Parses a block for a VPC: well-formed, netmask /16 to /28, and without host bits unless `canonicalizing`
    /// (CreateVpc: "if you specify 100.68.0.18/18, we modify it to 100.68.0.0/18", the API reference), which drops them.
    static func parseVpcBlock(_ string: String, parameter: String, canonicalizing: Bool = false) throws(EC2Error) -> IPv4CIDR {
        guard let block = IPv4CIDR(string), block.isCanonical || canonicalizing else { throw .invalidCidr(string, parameter: parameter) }
        guard vpcPrefixLengths.contains(block.prefixLength) else { throw .vpcRange(string) }
        return block.canonical
    }

    /// Builds and writes a VPC with its main route table, default security group and default network ACL.
    mutating func makeVpc(_ block: IPv4CIDR, isDefault: Bool, tenancy: String = "default", tags: TagSet = [:]) -> Vpc {
        let vpcId = newId(.vpc)
        let association = VpcCidrBlockAssociation(associationId: newId(.vpcCidrAssociation), cidrBlock: block)
        let vpc = Vpc(
            id: vpcId, scope: scope, cidrBlockAssociations: [association], instanceTenancy: tenancy, isDefault: isDefault,
            dhcpOptionsId: dhcpOptionsForNewVpc, tags: tags, createdAt: now)
        put(vpc)
        var mainTable = RouteTable(
            id: newId(.routeTable), scope: scope, vpcId: vpcId,
            routes: [Route(destination: .v4(block), target: .local, origin: .createRouteTable)], createdAt: now)
        mainTable.associations = [RouteTableAssociation(id: newId(.routeTableAssociation), subnetId: nil, main: true)]
        put(mainTable)
        let groupId = newId(.securityGroup)
        put(
            SecurityGroup(
                id: groupId, scope: scope, vpcId: vpcId, groupName: "default", groupDescription: "default VPC security group",
                ingress: [
                    SecurityGroupRule(
                        ruleId: newId(.securityGroupRule), ipProtocol: "-1", peer: .group(id: groupId, userId: scope.account, vpcId: vpcId))
                ],
                egress: [SecurityGroupRule(ruleId: newId(.securityGroupRule), ipProtocol: "-1", peer: .ipv4(IPv4CIDR("0.0.0.0/0")!))],
                createdAt: now))
        let everything = IPCIDR("0.0.0.0/0")!
        put(
            NetworkAcl(
                id: newId(.networkAcl), scope: scope, vpcId: vpcId, isDefault: true,
                entries: [false, true].flatMap { egress in
                    [
                        NetworkAclEntry(ruleNumber: 100, egress: egress, ipProtocol: "-1", ruleAction: .allow, cidrBlock: everything),
                        NetworkAclEntry(ruleNumber: 32767, egress: egress, ipProtocol: "-1", ruleAction: .deny, cidrBlock: everything),
                    ]
                },
                createdAt: now))
        return vpc
    }

    /// The record of the caller's region, once it is activated.
    var regionRecord: AccountRegionRecord? {
        self.get(AccountRegionRecord.self, "account-region:\(scope)")
    }
}
