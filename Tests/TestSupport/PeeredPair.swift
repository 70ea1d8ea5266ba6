public import CloudModel

/// Two VPCs (10.0.0.0/16 and 172.16.0.0/16), a subnet and an instance in each, as the seed walkthroughs build
/// them; each journey changes one piece and asks the evaluator (or, on Linux, sends real packets).
public struct PeeredPair {
    public var cloud = TestCloud()
    public let vpcA: Vpc, vpcB: Vpc
    public let subnetA: Subnet, subnetB: Subnet
    public let instanceA: Instance, instanceB: Instance
    public var peeringId: String?

    public init() throws {
        vpcA = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        vpcB = try cloud.run { try $0.createVpc(cidrBlock: "172.16.0.0/16") }
        let (a, b) = (vpcA.id, vpcB.id)
        subnetA = try cloud.run { try $0.createSubnet(vpcId: a, cidrBlock: "10.0.1.0/24") }
        subnetB = try cloud.run { try $0.createSubnet(vpcId: b, cidrBlock: "172.16.1.0/24") }
        let (sa, sb) = (subnetA.id, subnetB.id)
        instanceA = try cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", subnetId: sa)) }[0]
        instanceB = try cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", subnetId: sb)) }[0]
    }

    /// The peering, accepted, with routes both ways in each VPC's main table.
    public mutating func peer(routes: (aToB: Bool, bToA: Bool) = (true, true), accept: Bool = true) throws {
        let (a, b) = (vpcA.id, vpcB.id)
        let id = try cloud.run { try $0.createVpcPeeringConnection(vpcId: a, peerVpcId: b) }.id
        peeringId = id
        if accept { try cloud.run { _ = try $0.acceptVpcPeeringConnection(id) } }
        let (tableA, tableB) = (mainTable(a).id, mainTable(b).id)
        if routes.aToB { try cloud.run { try $0.createRoute(tableA, destination: "172.16.0.0/16", target: .vpcPeeringConnection(id)) } }
        if routes.bToA { try cloud.run { try $0.createRoute(tableB, destination: "10.0.0.0/16", target: .vpcPeeringConnection(id)) } }
    }

    /// Lets ICMP (and any TCP) from the other VPC into each instance's group.
    public mutating func openGroups() throws {
        for (vpc, from) in [(vpcA, "172.16.0.0/16"), (vpcB, "10.0.0.0/16")] {
            let group = defaultGroup(vpc.id).id
            let permissions = [IpPermission(ipProtocol: "-1", ipv4Ranges: [(cidr: from, description: nil)])]
            try cloud.run { _ = try $0.authorizeSecurityGroup(.ingress, groupId: group, groupName: nil, permissions: permissions) }
        }
    }

    public func mainTable(_ vpcId: String) -> RouteTable {
        cloud.state[TestCloud.scope].routeTables.values.first { $0.tableVpcId == vpcId && $0.isMain }!
    }

    public func defaultGroup(_ vpcId: String) -> SecurityGroup {
        cloud.state[TestCloud.scope].securityGroups.values.first { $0.groupVpcId == vpcId && $0.isDefault }!
    }

    public func defaultAcl(_ vpcId: String) -> NetworkAcl {
        cloud.state[TestCloud.scope].networkAcls.values.first { $0.aclVpcId == vpcId && $0.isDefault }!
    }

    /// An instance's primary network interface, as the state has it now.
    public func interface(of instance: Instance) -> NetworkInterface {
        cloud.state[TestCloud.scope].networkInterfaces[instance.primaryNetworkInterfaceId]!
    }

    /// Lets `permission` into (`.ingress`) or out of (`.egress`) the default group of `vpcId`.
    public mutating func authorize(_ direction: Transaction.RuleDirection, _ permission: IpPermission, in vpcId: String) throws {
        let group = defaultGroup(vpcId).id
        try cloud.run { _ = try $0.authorizeSecurityGroup(direction, groupId: group, groupName: nil, permissions: [permission]) }
    }

    /// Takes `permission` back from the default group of `vpcId`.
    public mutating func revoke(_ direction: Transaction.RuleDirection, _ permission: IpPermission, in vpcId: String) throws {
        let group = defaultGroup(vpcId).id
        try cloud.run { _ = try $0.revokeSecurityGroup(direction, groupId: group, groupName: nil, permissions: [permission], ruleIds: []) }
    }

    /// Adds an entry to the default ACL of `vpcId`.
    public mutating func addAclEntry(_ entry: NetworkAclEntryRequest, in vpcId: String) throws {
        let acl = defaultAcl(vpcId).id
        try cloud.run { try $0.createNetworkAclEntry(acl, entry) }
    }

    /// An internet gateway attached to `vpcId`, with `0.0.0.0/0` routed to it from the VPC's main table.
    @discardableResult
    public mutating func attachInternetGateway(to vpcId: String) throws -> String {
        let gateway = try cloud.run { try $0.createInternetGateway() }.id
        try cloud.run { try $0.attachInternetGateway(gateway, vpcId: vpcId) }
        let table = mainTable(vpcId).id
        try cloud.run { try $0.createRoute(table, destination: "0.0.0.0/0", target: .gateway(gateway)) }
        return gateway
    }

    /// A new Elastic IP mapped to `instance`'s primary private address (its VPC needs an internet gateway).
    public mutating func associateElasticIp(to instance: Instance) throws -> Address {
        let address = try cloud.run { try $0.allocateAddress() }
        try cloud.run {
            _ = try $0.associateAddress(address, instanceId: instance.id, networkInterfaceId: nil, privateIpAddress: nil, allowReassociation: true)
        }
        return address
    }
}
