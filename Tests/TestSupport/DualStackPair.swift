public import Addressing
public import CloudModel

/// Two VPCs with IPv6 /56s, a dual-stack subnet and instance in each, peered, with IPv4 routes only.
public struct DualStackPair {
    public var cloud = TestCloud()
    public let vpcA: Vpc, vpcB: Vpc
    public let instanceA: Instance, instanceB: Instance
    public let peeringId: String

    public init() throws {
        vpcA = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16", amazonProvidedIpv6CidrBlock: true) }
        vpcB = try cloud.run { try $0.createVpc(cidrBlock: "172.16.0.0/16", amazonProvidedIpv6CidrBlock: true) }
        var instances: [Instance] = []
        for (vpc, block) in [(vpcA, "10.0.1.0/24"), (vpcB, "172.16.1.0/24")] {
            let ipv6 = Self.firstSubnet64(of: vpc)
            let subnet = try cloud.run { try $0.createSubnet(vpcId: vpc.id, cidrBlock: block, ipv6CidrBlock: ipv6) }.id
            instances.append(
                try cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", subnetId: subnet, ipv6AddressCount: 1)) }[0])
        }
        (instanceA, instanceB) = (instances[0], instances[1])
        let (a, b) = (vpcA.id, vpcB.id)
        let id = try cloud.run { try $0.createVpcPeeringConnection(vpcId: a, peerVpcId: b) }.id
        try cloud.run { _ = try $0.acceptVpcPeeringConnection(id) }
        peeringId = id
        for (from, to) in [(vpcA, vpcB), (vpcB, vpcA)] {
            let table = mainTable(from.id).id
            try cloud.run { try $0.createRoute(table, destination: to.cidrBlock.description, target: .vpcPeeringConnection(id)) }
        }
    }

    public static func firstSubnet64(of vpc: Vpc) -> String {
        IPv6CIDR(address: vpc.ipv6Blocks[0].network, prefixLength: 64)!.description
    }

    public func mainTable(_ vpcId: String) -> RouteTable {
        cloud.state[TestCloud.scope].routeTables.values.first { $0.tableVpcId == vpcId && $0.isMain }!
    }

    public func defaultGroup(_ vpcId: String) -> SecurityGroup {
        cloud.state[TestCloud.scope].securityGroups.values.first { $0.groupVpcId == vpcId && $0.isDefault }!
    }

    public func ipv6(of instance: Instance) -> IPAddress {
        .v6(cloud.state[TestCloud.scope].networkInterfaces[instance.primaryNetworkInterfaceId]!.ipv6Addresses[0])
    }

    public mutating func routeIpv6BothWays() throws {
        for (from, to) in [(vpcA, vpcB), (vpcB, vpcA)] {
            let (table, id) = (mainTable(from.id).id, peeringId)
            try cloud.run { try $0.createRoute(table, destination: to.ipv6Blocks[0].description, target: .vpcPeeringConnection(id)) }
        }
    }

    public mutating func allowIngress(_ ipProtocol: String, to vpc: Vpc, from block: String) throws {
        let group = defaultGroup(vpc.id).id
        let permissions = [IpPermission(ipProtocol: ipProtocol, fromPort: -1, toPort: -1, ipv6Ranges: [(cidr: block, description: nil)])]
        try cloud.run { _ = try $0.authorizeSecurityGroup(.ingress, groupId: group, groupName: nil, permissions: permissions) }
    }
}
