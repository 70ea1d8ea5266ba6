import Addressing
import CloudModel
import Reachability
import TestSupport
import Testing

/// The evaluator through a NAT gateway: a private subnet reaches the internet by the NAT gateway in a public subnet,
/// and only from inside the gateway's VPC.
struct NatGatewayReachabilityTests {
    /// A VPC with a public subnet (NAT gateway, internet gateway route) and a private one (an instance, a route to the NAT).
    struct PrivateSubnetBehindNat {
        var cloud = TestCloud()
        let vpcId: String
        let publicSubnet: String
        let privateTable: String
        let publicTable: String
        let instance: Instance
        let gateway: NatGateway
        let internetGateway: String
        static let host = IPAddress.v4(IPv4Address(203, 0, 113, 25))

        init(connectivity: NatGateway.ConnectivityType = .public, publicRoute: Bool = true) throws {
            vpcId = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }.id
            let vpcId = vpcId
            publicSubnet = try cloud.run { try $0.createSubnet(vpcId: vpcId, cidrBlock: "10.0.0.0/24") }.id
            let privateSubnet = try cloud.run { try $0.createSubnet(vpcId: vpcId, cidrBlock: "10.0.1.0/24") }.id
            internetGateway = try cloud.run { try $0.createInternetGateway() }.id
            let internetGateway = internetGateway
            try cloud.run { try $0.attachInternetGateway(internetGateway, vpcId: vpcId) }
            publicTable = cloud.state[TestCloud.scope].routeTables.values.first { $0.tableVpcId == vpcId && $0.isMain }!.id
            let publicTable = publicTable
            if publicRoute {
                try cloud.run { try $0.createRoute(publicTable, destination: "0.0.0.0/0", target: .gateway(internetGateway)) }
            }
            let allocation = connectivity == .public ? try cloud.run { try $0.allocateAddress() }.id : nil
            let publicSubnet = publicSubnet
            gateway = try cloud.run {
                try $0.createNatGateway(.init(subnetId: publicSubnet, connectivityType: connectivity, allocationId: allocation))
            }
            privateTable = try cloud.run { try $0.createRouteTable(vpcId: vpcId) }.id
            let (privateTable, gatewayId) = (privateTable, gateway.id)
            try cloud.run { try $0.createRoute(privateTable, destination: "0.0.0.0/0", target: .natGateway(gatewayId)) }
            try cloud.run { _ = try $0.associateRouteTable(privateTable, subnetId: privateSubnet) }
            instance = try cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", subnetId: privateSubnet)) }[0]
        }

        func analyze(_ traffic: Traffic = Traffic(.tcp, port: 443)) -> PathAnalysis {
            Evaluator(state: cloud.state, scope: TestCloud.scope, at: cloud.now)
                .analyze(PathQuery(scope: TestCloud.scope, source: .instance(instance.id), destination: .address(Self.host), traffic: traffic))
        }

        /// The instance's first packet to the host on the internet.
        func decide(_ ipProtocol: UInt8, port: UInt16) -> FlowVerdict {
            let interface = cloud.state[TestCloud.scope].networkInterfaces[instance.primaryNetworkInterfaceId]!
            let hasPorts = ipProtocol == FlowPacket.tcp || ipProtocol == FlowPacket.udp
            let packet = FlowPacket(
                source: .v4(interface.primaryPrivateIp), destination: Self.host, ipProtocol: ipProtocol, sourcePort: hasPorts ? 40000 : 0,
                destinationPort: port)
            return Evaluator(state: cloud.state, scope: TestCloud.scope, at: cloud.now).decide(packet, from: .networkInterface(interface.id))
        }
    }

    @Test func aPrivateSubnetReachesTheInternetThroughTheNatGatewayAndBack() throws {
        let f = try PrivateSubnetBehindNat()
        let analysis = f.analyze()
        #expect(analysis.isReachable, "\(analysis.explanations)")
        let forward = analysis.forward.map(\.kind)
        #expect(forward.contains(.natGateway) && forward.last == .internetGateway)
        #expect(analysis.returnPath.map(\.kind).contains(.natGateway))
    }

    @Test func withoutARouteToTheInternetGatewayInTheNatSubnetThereIsNoWayOut() throws {
        let f = try PrivateSubnetBehindNat(publicRoute: false)
        let analysis = f.analyze()
        #expect(analysis.explanations.map(\.code) == [.noRouteToDestination])
        #expect(
            analysis.explanations.first?.fix
                == .createRoute(routeTableId: f.publicTable, destination: "0.0.0.0/0", target: .internetGateway(f.internetGateway)))
    }

    @Test func aPrivateNatGatewayDoesNotReachTheInternet() throws {
        let f = try PrivateSubnetBehindNat(connectivity: .private)
        #expect(f.analyze().explanations.map(\.code) == [.noRouteToDestination])
    }

    @Test func theNatSubnetsAclAppliesBothWays() throws {
        var f = try PrivateSubnetBehindNat()
        // Deny the replies (ephemeral ports) into the NAT's subnet from the internet.
        let acl = f.cloud.state[TestCloud.scope].networkAcls.values.first { $0.aclVpcId == f.vpcId && $0.isDefault }!.id
        let deny = NetworkAclEntryRequest(
            ruleNumber: 90, egress: false, ipProtocol: "6", ruleAction: "deny", cidrBlock: "203.0.113.0/24", fromPort: 1024, toPort: 65535)
        try f.cloud.run { try $0.createNetworkAclEntry(acl, deny) }
        let analysis = f.analyze()
        #expect(analysis.explanations.map(\.code) == [.subnetAclRestriction])
        #expect(analysis.explanations.first?.direction == .return)
    }

    @Test func aDeletedNatGatewayLeavesABlackhole() throws {
        var f = try PrivateSubnetBehindNat()
        let id = f.gateway.id
        _ = try f.cloud.run { try $0.deleteNatGateway(id) }
        #expect(f.analyze().explanations.map(\.code) == [.badStateRoute])
    }

    /// Edge to edge: a peer VPC that routes internet traffic to the peering gets nowhere (peering is not a way to the NAT).
    @Test func aPeerVpcCannotUseTheNatGateway() throws {
        var f = try PrivateSubnetBehindNat()
        let vpcId = f.vpcId
        let peerVpc = try f.cloud.run { try $0.createVpc(cidrBlock: "172.16.0.0/16") }.id
        let peerSubnet = try f.cloud.run { try $0.createSubnet(vpcId: peerVpc, cidrBlock: "172.16.1.0/24") }.id
        let peerInstance = try f.cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", subnetId: peerSubnet)) }[0]
        let peering = try f.cloud.run { try $0.createVpcPeeringConnection(vpcId: peerVpc, peerVpcId: vpcId) }.id
        try f.cloud.run { _ = try $0.acceptVpcPeeringConnection(peering) }
        let peerTable = f.cloud.state[TestCloud.scope].routeTables.values.first { $0.tableVpcId == peerVpc && $0.isMain }!.id
        try f.cloud.run { try $0.createRoute(peerTable, destination: "0.0.0.0/0", target: .vpcPeeringConnection(peering)) }
        let analysis = Evaluator(state: f.cloud.state, scope: TestCloud.scope, at: f.cloud.now).analyze(
            PathQuery(
                scope: TestCloud.scope, source: .instance(peerInstance.id), destination: .address(PrivateSubnetBehindNat.host),
                traffic: Traffic(.tcp, port: 443)))
        #expect(analysis.explanations.map(\.code) == [.pcxRequiresAddressInVpcCidr])
    }
}
