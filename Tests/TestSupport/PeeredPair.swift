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
}
