import Addressing
import CloudModel
import Reachability
import TestSupport
import Testing

/// One test per explanation code the evaluator gives, each from the smallest cloud that shows it.
struct ExplanationCodeTests {
    /// A ↔ B ↔ C peered in a line, routes everywhere: A still cannot reach C, because peering is not transitive.
    @Test func peeringIsNotTransitive() throws {
        var cloud = TestCloud()
        let blocks = ["10.0.0.0/16", "10.1.0.0/16", "10.2.0.0/16"]
        let vpcs = try blocks.map { block in try cloud.run { try $0.createVpc(cidrBlock: block) }.id }
        let subnets = try zip(vpcs, ["10.0.1.0/24", "10.1.1.0/24", "10.2.1.0/24"]).map { vpc, block in
            try cloud.run { try $0.createSubnet(vpcId: vpc, cidrBlock: block) }.id
        }
        let instances = try subnets.map { subnet in
            try cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", subnetId: subnet)) }[0]
        }
        func main(_ vpc: String) -> String { cloud.state[TestCloud.scope].routeTables.values.first { $0.tableVpcId == vpc && $0.isMain }!.id }
        for (left, right) in [(0, 1), (1, 2)] {
            let (l, r) = (vpcs[left], vpcs[right])
            let pcx = try cloud.run { try $0.createVpcPeeringConnection(vpcId: l, peerVpcId: r) }.id
            try cloud.run { _ = try $0.acceptVpcPeeringConnection(pcx) }
            let (tl, tr) = (main(l), main(r))
            try cloud.run { try $0.createRoute(tl, destination: blocks[right], target: .vpcPeeringConnection(pcx)) }
            try cloud.run { try $0.createRoute(tr, destination: blocks[left], target: .vpcPeeringConnection(pcx)) }
        }
        // A's route for C's block goes to the A–B peering: the hop that refuses it is the peering.
        let ab = cloud.state[TestCloud.scope].routeTables.values.first { $0.tableVpcId == vpcs[0] && $0.isMain }!.routes.last!.target
        let tableA = main(vpcs[0])
        try cloud.run { try $0.createRoute(tableA, destination: "10.2.0.0/16", target: Self.request(ab)) }
        let analysis = Evaluator(state: cloud.state, scope: TestCloud.scope, at: cloud.now).analyze(
            PathQuery(scope: TestCloud.scope, source: .instance(instances[0].id), destination: .instance(instances[2].id), traffic: Traffic(.icmp)))
        #expect(analysis.explanations.map(\.code) == [.pcxRequiresAddressInVpcCidr])
    }

    static func request(_ target: RouteTarget) -> Transaction.RouteTargetRequest {
        switch target {
        case .vpcPeeringConnection(let id): .vpcPeeringConnection(id)
        case .internetGateway(let id): .gateway(id)
        case .natGateway(let id): .natGateway(id)
        case .egressOnlyInternetGateway(let id): .egressOnlyInternetGateway(id)
        case .transitGateway(let id): .transitGateway(id)
        case .local: .gateway("local")
        // Only an endpoint makes its own routes; a request naming one is refused.
        case .vpcEndpoint: .unsupported(parameter: "VpcEndpointId")
        }
    }

    /// Two peers with the same block: the longest prefix decides where traffic goes, and the other peer is not reached.
    @Test func overlappingPeersAreDecidedByTheLongestPrefix() throws {
        var cloud = TestCloud()
        let hub = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }.id
        let left = try cloud.run { try $0.createVpc(cidrBlock: "172.16.0.0/16") }.id
        let right = try cloud.run { try $0.createVpc(cidrBlock: "172.16.0.0/16") }.id
        let hubSubnet = try cloud.run { try $0.createSubnet(vpcId: hub, cidrBlock: "10.0.1.0/24") }.id
        let leftSubnet = try cloud.run { try $0.createSubnet(vpcId: left, cidrBlock: "172.16.1.0/24") }.id
        let rightSubnet = try cloud.run { try $0.createSubnet(vpcId: right, cidrBlock: "172.16.2.0/24") }.id
        let source = try cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", subnetId: hubSubnet)) }[0]
        let leftHost = try cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", subnetId: leftSubnet)) }[0]
        let rightHost = try cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", subnetId: rightSubnet)) }[0]
        var peerings: [String: String] = [:]
        for spoke in [left, right] {
            let id = try cloud.run { try $0.createVpcPeeringConnection(vpcId: hub, peerVpcId: spoke) }.id
            try cloud.run { _ = try $0.acceptVpcPeeringConnection(id) }
            peerings[spoke] = id
        }
        let hubTable = cloud.state[TestCloud.scope].routeTables.values.first { $0.tableVpcId == hub && $0.isMain }!.id
        // The /24 to the right peer is more specific than the /16 to the left one.
        try cloud.run { try $0.createRoute(hubTable, destination: "172.16.0.0/16", target: .vpcPeeringConnection(peerings[left]!)) }
        try cloud.run { try $0.createRoute(hubTable, destination: "172.16.2.0/24", target: .vpcPeeringConnection(peerings[right]!)) }
        let evaluator = Evaluator(state: cloud.state, scope: TestCloud.scope, at: cloud.now)
        func first(_ target: Instance) -> PathComponent? {
            evaluator.analyze(
                PathQuery(scope: TestCloud.scope, source: .instance(source.id), destination: .instance(target.id), traffic: Traffic(.icmp))
            )
            .forward.first { $0.kind == .vpcPeeringConnection }
        }
        #expect(first(rightHost)?.id == peerings[right], "172.16.2.x takes the /24")
        #expect(first(leftHost)?.id == peerings[left], "172.16.1.x takes the /16")
    }

    /// From the internet: only with a public address and a gateway, and the route back to the internet.
    @Test func theInternetReachesOnlyPublicInstancesBehindAGateway() throws {
        var cloud = TestCloud()
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }.id
        let subnet = try cloud.run { try $0.createSubnet(vpcId: vpc, cidrBlock: "10.0.1.0/24") }.id
        let instance = try cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", subnetId: subnet)) }[0]
        let group = cloud.state[TestCloud.scope].securityGroups.values.first { $0.groupVpcId == vpc && $0.isDefault }!.id
        try cloud.run {
            _ = try $0.authorizeSecurityGroup(
                .ingress, groupId: group, groupName: nil,
                permissions: [IpPermission(ipProtocol: "tcp", fromPort: 22, toPort: 22, ipv4Ranges: [(cidr: "0.0.0.0/0", description: nil)])])
        }
        func fromInternet() -> [Explanation.Code] {
            Evaluator(state: cloud.state, scope: TestCloud.scope, at: cloud.now)
                .analyze(
                    PathQuery(
                        scope: TestCloud.scope, source: .address(.v4(IPv4Address(203, 0, 113, 7))), destination: .instance(instance.id),
                        traffic: Traffic(.tcp, port: 22))
                )
                .explanations.map(\.code)
        }
        #expect(fromInternet() == [.igwPublicIpAssociationForIngress], "no public address")
        let gateway = try cloud.run { try $0.createInternetGateway() }.id
        try cloud.run { try $0.attachInternetGateway(gateway, vpcId: vpc) }
        let address = try cloud.run { try $0.allocateAddress() }
        try cloud.run {
            _ = try $0.associateAddress(address, instanceId: instance.id, networkInterfaceId: nil, privateIpAddress: nil, allowReassociation: true)
        }
        #expect(fromInternet() == [.noRouteToDestination], "a public address, but no route back to the internet")
        let table = cloud.state[TestCloud.scope].routeTables.values.first { $0.tableVpcId == vpc && $0.isMain }!.id
        try cloud.run { try $0.createRoute(table, destination: "0.0.0.0/0", target: .gateway(gateway)) }
        #expect(fromInternet() == [])
    }

    @Test func anInstanceWithoutAPublicAddressCannotUseTheGateway() throws {
        var cloud = TestCloud()
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }.id
        let subnet = try cloud.run { try $0.createSubnet(vpcId: vpc, cidrBlock: "10.0.1.0/24") }.id
        let instance = try cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", subnetId: subnet)) }[0]
        let gateway = try cloud.run { try $0.createInternetGateway() }.id
        try cloud.run { try $0.attachInternetGateway(gateway, vpcId: vpc) }
        let table = cloud.state[TestCloud.scope].routeTables.values.first { $0.tableVpcId == vpc && $0.isMain }!.id
        try cloud.run { try $0.createRoute(table, destination: "0.0.0.0/0", target: .gateway(gateway)) }
        let analysis = Evaluator(state: cloud.state, scope: TestCloud.scope, at: cloud.now)
            .analyze(
                PathQuery(
                    scope: TestCloud.scope, source: .instance(instance.id), destination: .address(.v4(IPv4Address(192, 0, 2, 80))),
                    traffic: Traffic(.tcp, port: 443)))
        #expect(analysis.explanations.map(\.code) == [.igwPublicIpAssociationForEgress])
    }

    @Test func aGroupWithoutOutboundRulesHasNoRules() throws {
        var pair = try PeeredPair()
        try pair.peer()
        try pair.openGroups()
        let group = pair.defaultGroup(pair.vpcA.id)
        let all = [IpPermission(ipProtocol: "-1", ipv4Ranges: [(cidr: "0.0.0.0/0", description: nil)])]
        try pair.cloud.run { _ = try $0.revokeSecurityGroup(.egress, groupId: group.id, groupName: nil, permissions: all, ruleIds: []) }
        #expect(pair.ping().explanations.map(\.code) == [.securityGroupHasNoRules])
    }

    /// A rule naming the peer VPC's group works while the peering is active, and matches nothing once it is stale.
    @Test func peerGroupReferencesWorkOnlyOverAnActivePeering() throws {
        var pair = try PeeredPair()
        try pair.peer()
        let (groupA, groupB) = (pair.defaultGroup(pair.vpcA.id).id, pair.defaultGroup(pair.vpcB.id).id)
        try pair.cloud.run {
            _ = try $0.authorizeSecurityGroup(
                .ingress, groupId: groupB, groupName: nil, permissions: [IpPermission(ipProtocol: "-1", groups: [.init(groupId: groupA)])])
        }
        #expect(pair.ping().isReachable)
        let id = pair.peeringId!
        try pair.cloud.run { try $0.deleteVpcPeeringConnection(id) }
        let (a, b) = (pair.vpcA.id, pair.vpcB.id)
        let again = try pair.cloud.run { try $0.createVpcPeeringConnection(vpcId: a, peerVpcId: b) }.id
        try pair.cloud.run { _ = try $0.acceptVpcPeeringConnection(again) }
        let (tableA, tableB) = (pair.mainTable(a).id, pair.mainTable(b).id)
        try pair.cloud.run { try $0.replaceRoute(tableA, destination: "172.16.0.0/16", target: .vpcPeeringConnection(again)) }
        try pair.cloud.run { try $0.replaceRoute(tableB, destination: "10.0.0.0/16", target: .vpcPeeringConnection(again)) }
        #expect(pair.ping().isReachable, "re-peering the same VPCs un-stales the reference")
    }

    @Test func anAclDenyOnTheWayInIsASubnetAclRestriction() throws {
        var pair = try PeeredPair()
        try pair.peer()
        try pair.openGroups()
        let acl = pair.defaultAcl(pair.vpcB.id).id
        try pair.cloud.run {
            try $0.createNetworkAclEntry(
                acl,
                NetworkAclEntryRequest(
                    ruleNumber: 10, egress: false, ipProtocol: "1", ruleAction: "deny", cidrBlock: "10.0.0.0/16", icmpType: -1, icmpCode: -1))
        }
        let explanation = try #require(pair.ping().explanations.first)
        #expect(explanation.code == .subnetAclRestriction && explanation.direction == .forward && explanation.component.id == acl)
        #expect(pair.ping(Traffic(.tcp, port: 22)).isReachable)
    }
}
