import Addressing
import CloudModel
import Reachability
import TestSupport
import Testing

/// The evaluator and VPC endpoints: a gateway endpoint's route carries traffic for its service's prefix list out of
/// the VPC without a public address (and never for a peered VPC); an interface endpoint's addresses are ordinary
/// interfaces of the VPC, behind their security groups and the subnet's ACL.
struct VpcEndpointReachabilityTests {
    /// An address of S3 in us-east-1: inside an entry of its AWS-managed prefix list.
    static let s3Address: IPAddress = {
        let list = AWSManagedPrefixList.forService("s3", in: "us-east-1")!
        guard case .v4(let block) = list.entries[0].cidr else { fatalError("S3's list is IPv4") }
        return .v4(IPv4Address(value: block.network.value + 10))
    }()

    /// The fixture's VPC with an instance in the subnet whose route table `EndpointVpc` made.
    struct WithInstance {
        var vpc: EndpointVpc
        let instance: Instance

        init() throws {
            vpc = try EndpointVpc()
            let subnet = vpc.subnetA
            instance = try vpc.cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", subnetId: subnet)) }[0]
        }

        func analyze(from source: PathEndpoint? = nil, to destination: PathEndpoint, _ traffic: Traffic = Traffic(.tcp, port: 443)) -> PathAnalysis {
            Evaluator(state: vpc.cloud.state, scope: TestCloud.scope, at: vpc.cloud.now)
                .analyze(PathQuery(scope: TestCloud.scope, source: source ?? .instance(instance.id), destination: destination, traffic: traffic))
        }
    }

    @Test func aGatewayEndpointCarriesTrafficToItsServiceWithoutAPublicAddress() throws {
        var f = try WithInstance()
        let before = f.analyze(to: .address(Self.s3Address))
        #expect(before.explanations.map(\.code) == [.noRouteToDestination], "no endpoint, no internet gateway: no way to S3")
        let endpoint = try f.vpc.gatewayEndpoint()
        let analysis = f.analyze(to: .address(Self.s3Address))
        #expect(analysis.isReachable, "\(analysis.explanations)")
        #expect(analysis.forward.last == PathComponent(.vpcEndpoint, endpoint.id, vpcId: f.vpc.vpcId))
        #expect(
            analysis.forward.contains {
                if case .route(let route, .active)? = $0.matched { route.target == .vpcEndpoint(endpoint.id) } else { false }
            })
        #expect(analysis.returnPath.first?.kind == .vpcEndpoint && analysis.returnPath.last?.kind == .networkInterface)
    }

    /// The endpoint's route is more specific than a default route to an internet gateway: S3 traffic takes the
    /// endpoint, other traffic the gateway.
    @Test func theEndpointRouteWinsOverTheDefaultRoute() throws {
        var f = try WithInstance()
        let (vpcId, table) = (f.vpc.vpcId, f.vpc.routeTableId)
        let gateway = try f.vpc.cloud.run { try $0.createInternetGateway() }.id
        try f.vpc.cloud.run { try $0.attachInternetGateway(gateway, vpcId: vpcId) }
        try f.vpc.cloud.run { try $0.createRoute(table, destination: "0.0.0.0/0", target: .gateway(gateway)) }
        _ = try f.vpc.gatewayEndpoint()
        #expect(f.analyze(to: .address(Self.s3Address)).isReachable)
        let elsewhere = f.analyze(to: .address(.v4(IPv4Address(203, 0, 113, 9))))
        #expect(elsewhere.explanations.map(\.code) == [.igwPublicIpAssociationForEgress], "the rest of the internet still needs a public address")
    }

    @Test func theSubnetAclStillDecidesTheReply() throws {
        var f = try WithInstance()
        _ = try f.vpc.gatewayEndpoint()
        let vpcId = f.vpc.vpcId
        let acl = f.vpc.region.networkAcls.values.first { $0.aclVpcId == vpcId && $0.isDefault }!.id
        try f.vpc.cloud.run {
            try $0.createNetworkAclEntry(
                acl,
                NetworkAclEntryRequest(
                    ruleNumber: 50, egress: false, ipProtocol: "6", ruleAction: "deny", cidrBlock: "0.0.0.0/0", fromPort: 1024, toPort: 65535))
        }
        let analysis = f.analyze(to: .address(Self.s3Address))
        #expect(analysis.explanations.map(\.code) == [.subnetAclRestriction])
        #expect(analysis.explanations.first?.direction == .return)
    }

    /// Peering never carries traffic to a peer's endpoint: the route would go out the peering to an address outside
    /// the peer's blocks.
    @Test func aPeeredVpcCannotUseTheEndpoint() throws {
        var f = try WithInstance()
        _ = try f.vpc.gatewayEndpoint()
        let vpcId = f.vpc.vpcId
        let peer = try f.vpc.cloud.run { try $0.createVpc(cidrBlock: "172.20.0.0/16") }.id
        let peerSubnet = try f.vpc.cloud.run { try $0.createSubnet(vpcId: peer, cidrBlock: "172.20.1.0/24") }.id
        let peering = try f.vpc.cloud.run { try $0.createVpcPeeringConnection(vpcId: peer, peerVpcId: vpcId) }.id
        _ = try f.vpc.cloud.run { try $0.acceptVpcPeeringConnection(peering) }
        let peerTable = f.vpc.region.routeTables.values.first { $0.tableVpcId == peer && $0.isMain }!.id
        try f.vpc.cloud.run { try $0.createRoute(peerTable, destination: "0.0.0.0/0", target: .vpcPeeringConnection(peering)) }
        let peerInstance = try f.vpc.cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", subnetId: peerSubnet)) }[0]
        let analysis = f.analyze(from: .instance(peerInstance.id), to: .address(Self.s3Address))
        #expect(analysis.explanations.map(\.code) == [.pcxRequiresAddressInVpcCidr])
        #expect(!analysis.forward.contains { $0.kind == .vpcEndpoint })
    }

    /// An interface endpoint's address is an interface of the VPC: its security group must admit the traffic.
    @Test func anInterfaceEndpointIsReachedAsAnInterfaceBehindItsGroups() throws {
        var f = try WithInstance()
        let vpcId = f.vpc.vpcId
        let group = try f.vpc.cloud.run { try $0.createSecurityGroup(name: "endpoints", description: "endpoints", vpcId: vpcId) }.id
        let endpoint = try f.vpc.interfaceEndpoint(groups: [group])
        let interfaceId = endpoint.networkInterfaceIds[1]
        let address = IPAddress.v4(f.vpc.region.networkInterfaces[interfaceId]!.primaryPrivateIp)
        let closed = f.analyze(to: .address(address))
        #expect(closed.explanations.map(\.code) == [.securityGroupHasNoRules])
        try f.vpc.cloud.run {
            _ = try $0.authorizeSecurityGroup(
                .ingress, groupId: group, groupName: nil,
                permissions: [IpPermission(ipProtocol: "tcp", fromPort: 443, toPort: 443, ipv4Ranges: [(cidr: "10.0.0.0/16", description: nil)])])
        }
        let open = f.analyze(to: .address(address))
        #expect(open.isReachable, "\(open.explanations)")
        #expect(open.forward.last == PathComponent(.networkInterface, interfaceId, vpcId: vpcId, subnetId: f.vpc.subnetB))
        #expect(f.analyze(to: .address(address), Traffic(.tcp, port: 22)).explanations.map(\.code) == [.eniSecurityGroupRulesMismatch])
    }
}
