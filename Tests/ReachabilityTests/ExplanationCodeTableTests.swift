import Addressing
import CloudModel
import Reachability
import TestSupport
import Testing

/// Every explanation code the evaluator gives, each from one change to the peered pair of the seeds.
struct ExplanationCodeTableTests {
    enum Scenario: String, CaseIterable {
        case noRoutes, pendingPeering, deletedPeering, stoppedDestination, noIngressRule, noEgressRules, aclDenyIn, aclDenyReply
        case nothingAtTheAddress, wrongPeerByLongestPrefix
    }

    static let expected: [Scenario: Explanation.Code] = [
        .noRoutes: .noRouteToDestination, .pendingPeering: .badStateRoute, .deletedPeering: .badStateRoute, .stoppedDestination: .badState,
        .noIngressRule: .eniSecurityGroupRulesMismatch, .noEgressRules: .securityGroupHasNoRules, .aclDenyIn: .subnetAclRestriction,
        .aclDenyReply: .subnetAclRestriction, .nothingAtTheAddress: .noPossibleDestination, .wrongPeerByLongestPrefix: .moreSpecificRoute,
    ]

    @Test(arguments: Scenario.allCases)
    func code(_ scenario: Scenario) throws {
        var pair = try PeeredPair()
        var destination = PathEndpoint.instance(pair.instanceB.id)
        var traffic = Traffic(.icmp)
        switch scenario {
        case .noRoutes: try pair.peer(routes: (false, false))
        case .pendingPeering: try pair.peer(accept: false)
        default: try pair.peer()
        }
        if scenario != .noIngressRule { try pair.openGroups() }
        let acl = pair.defaultAcl(pair.vpcB.id).id
        switch scenario {
        case .deletedPeering:
            let id = pair.peeringId!
            try pair.cloud.run { try $0.deleteVpcPeeringConnection(id) }
        case .stoppedDestination:
            let id = pair.instanceB.id
            try pair.cloud.run { _ = try $0.stopInstances([id]) }
        case .noEgressRules:
            let group = pair.defaultGroup(pair.vpcA.id).id
            let all = [IpPermission(ipProtocol: "-1", ipv4Ranges: [(cidr: "0.0.0.0/0", description: nil)])]
            try pair.cloud.run { _ = try $0.revokeSecurityGroup(.egress, groupId: group, groupName: nil, permissions: all, ruleIds: []) }
        case .aclDenyIn:
            try pair.cloud.run {
                try $0.createNetworkAclEntry(
                    acl, NetworkAclEntryRequest(ruleNumber: 1, egress: false, ipProtocol: "-1", ruleAction: "deny", cidrBlock: "10.0.0.0/8"))
            }
        case .aclDenyReply:
            traffic = Traffic(.tcp, port: 80)
            try pair.cloud.run {
                try $0.createNetworkAclEntry(
                    acl,
                    NetworkAclEntryRequest(
                        ruleNumber: 1, egress: true, ipProtocol: "6", ruleAction: "deny", cidrBlock: "10.0.0.0/8", fromPort: 1024, toPort: 65535))
            }
        case .nothingAtTheAddress:
            destination = .address(.v4(IPv4Address(172, 16, 1, 200)))
        case .wrongPeerByLongestPrefix:
            // A third VPC claims 172.16.1.0/24 through a more specific route: B's instance is no longer reached.
            let (a, c) = (pair.vpcA.id, try pair.cloud.run { try $0.createVpc(cidrBlock: "172.16.0.0/20") }.id)
            let pcx = try pair.cloud.run { try $0.createVpcPeeringConnection(vpcId: a, peerVpcId: c) }.id
            try pair.cloud.run { _ = try $0.acceptVpcPeeringConnection(pcx) }
            let table = pair.mainTable(a).id
            try pair.cloud.run { try $0.createRoute(table, destination: "172.16.1.0/24", target: .vpcPeeringConnection(pcx)) }
        default:
            break
        }
        let analysis = pair.analyze(from: .instance(pair.instanceA.id), to: destination, traffic)
        #expect(analysis.explanations.map(\.code) == [Self.expected[scenario]!], "\(analysis.explanations.map(\.detail))")
        #expect(!analysis.isReachable)
    }
}
