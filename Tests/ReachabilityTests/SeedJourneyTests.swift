import Addressing
import CloudModel
import Reachability
import TestSupport
import Testing

/// The journeys of the seed walkthroughs: ping fails until every piece is right, and the evaluator names the piece.
struct SeedJourneyTests {
    @Test func everyPieceInPlaceReachesAndComesBack() throws {
        var pair = try PeeredPair()
        try pair.peer()
        try pair.openGroups()
        let analysis = pair.ping()
        #expect(analysis.isReachable, "\(analysis.explanations)")
        #expect(
            analysis.forward.map(\.kind) == [
                .networkInterface, .securityGroup, .networkAcl, .routeTable, .vpcPeeringConnection, .networkAcl, .securityGroup, .networkInterface,
            ])
        #expect(analysis.returnPath.first?.kind == .networkInterface && analysis.returnPath.last?.kind == .networkInterface)
    }

    @Test func peeringWithoutRoutesHasNoRoute() throws {
        var pair = try PeeredPair()
        try pair.peer(routes: (false, false))
        try pair.openGroups()
        let explanation = try #require(pair.ping().explanations.first)
        #expect(explanation.code == .noRouteToDestination && explanation.direction == .forward)
        #expect(
            explanation.fix
                == .createRoute(
                    routeTableId: pair.mainTable(pair.vpcA.id).id, destination: "172.16.0.0/16", target: .vpcPeeringConnection(pair.peeringId!)))
    }

    @Test func routesOneWayOnlyFailOnTheWayBack() throws {
        var pair = try PeeredPair()
        try pair.peer(routes: (true, false))
        try pair.openGroups()
        let explanation = try #require(pair.ping().explanations.first)
        #expect(explanation.code == .noRouteToDestination && explanation.direction == .return)
        #expect(explanation.component.id == pair.mainTable(pair.vpcB.id).id)
    }

    @Test func aMissingSecurityGroupRuleIsNamedWithItsFix() throws {
        var pair = try PeeredPair()
        try pair.peer()
        let explanation = try #require(pair.ping().explanations.first)
        #expect(explanation.code == .eniSecurityGroupRulesMismatch)
        #expect(explanation.component.id == pair.defaultGroup(pair.vpcB.id).id)
        #expect(
            explanation.fix
                == .authorizeIngress(groupId: pair.defaultGroup(pair.vpcB.id).id, ipProtocol: "icmp", fromPort: -1, toPort: -1, cidr: "10.0.0.0/16"))
    }

    @Test func withAPendingPeeringAndNoRoutesTheFixRoutesThroughIt() throws {
        var pair = try PeeredPair()
        try pair.peer(routes: (false, false), accept: false)
        let explanation = try #require(pair.ping().explanations.first)
        #expect(explanation.code == .noRouteToDestination)
        #expect(
            explanation.fix
                == .createRoute(
                    routeTableId: pair.mainTable(pair.vpcA.id).id, destination: "172.16.0.0/16", target: .vpcPeeringConnection(pair.peeringId!)))
    }

    @Test func aPendingPeeringIsABlackhole() throws {
        var pair = try PeeredPair()
        try pair.peer(accept: false)
        try pair.openGroups()
        let explanation = try #require(pair.ping().explanations.first)
        #expect(explanation.code == .badStateRoute)
        #expect(explanation.fix == .acceptPeering(vpcPeeringConnectionId: pair.peeringId!))
    }

    @Test func aDeletedPeeringLeavesBlackholeRoutes() throws {
        var pair = try PeeredPair()
        try pair.peer()
        try pair.openGroups()
        let id = pair.peeringId!
        try pair.cloud.run { try $0.deleteVpcPeeringConnection(id) }
        #expect(pair.ping().explanations.first?.code == .badStateRoute)
    }

    @Test func anAclDenyOnTheReplyBlocksTheReturnPath() throws {
        var pair = try PeeredPair()
        try pair.peer()
        try pair.openGroups()
        let acl = pair.defaultAcl(pair.vpcB.id).id
        // Deny all outbound TCP from B's subnet before the allow-all rule 100: requests get in, replies cannot leave.
        let deny = NetworkAclEntryRequest(
            ruleNumber: 50, egress: true, ipProtocol: "6", ruleAction: "deny", cidrBlock: "0.0.0.0/0", fromPort: 0, toPort: 65535)
        try pair.cloud.run { try $0.createNetworkAclEntry(acl, deny) }
        let explanation = try #require(pair.ping(Traffic(.tcp, port: 22)).explanations.first)
        #expect(explanation.code == .subnetAclRestriction && explanation.direction == .return)
        #expect(pair.ping(Traffic(.icmp)).isReachable, "ICMP is not TCP: the deny does not touch it")
    }

    @Test func aStoppedInstanceAnswersNothing() throws {
        var pair = try PeeredPair()
        try pair.peer()
        try pair.openGroups()
        let b = pair.instanceB.id
        try pair.cloud.run { _ = try $0.stopInstances([b]) }
        let explanation = try #require(pair.ping().explanations.first)
        #expect(explanation.code == .badState && explanation.fix == .startInstance(instanceId: b))
    }
}
