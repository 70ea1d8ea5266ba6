import Addressing
import CloudModel
import Reachability
import TestSupport
import Testing

/// Every explanation code the evaluator gives, each from one change to the peered pair of the seeds (the table is
/// `PeeredPair.Scenario`, shared with the data plane's tests), and the same table decided packet by packet.
struct ExplanationCodeTableTests {
    typealias Scenario = PeeredPair.Scenario

    /// The code each scenario is blocked with; the reachable base case has none.
    static let expected: [Scenario: Explanation.Code] = [
        .noRoutes: .noRouteToDestination, .pendingPeering: .badStateRoute, .deletedPeering: .badStateRoute, .stoppedDestination: .badState,
        .noIngressRule: .eniSecurityGroupRulesMismatch, .noEgressRules: .securityGroupHasNoRules, .aclDenyIn: .subnetAclRestriction,
        .aclDenyReply: .subnetAclRestriction, .nothingAtTheAddress: .noPossibleDestination, .wrongPeerByLongestPrefix: .moreSpecificRoute,
    ]

    @Test(arguments: Scenario.allCases)
    func code(_ scenario: Scenario) throws {
        let (pair, probe) = try PeeredPair.make(scenario)
        let analysis = pair.analyze(from: .instance(pair.instanceA.id), to: probe.endpoint, probe.traffic)
        #expect(analysis.explanations.map(\.code) == Self.expected[scenario].map { [$0] } ?? [], "\(analysis.explanations.map(\.detail))")
        #expect(analysis.isReachable == (scenario == .reachable))
    }

    /// The first packet of the scenario's flow: accepted exactly when the analysis says reachable, and dropped with the
    /// code and direction the analysis explains.
    @Test(arguments: Scenario.allCases)
    func decidedAsAPacket(_ scenario: Scenario) throws {
        let (pair, probe) = try PeeredPair.make(scenario)
        let analysis = pair.analyze(from: .instance(pair.instanceA.id), to: probe.endpoint, probe.traffic)
        let interfaceA = pair.interface(of: pair.instanceA)
        let verdict = pair.evaluator.decide(probe.packet(from: .v4(interfaceA.primaryPrivateIp)), from: .networkInterface(interfaceA.id))
        #expect(verdict.isAccepted == analysis.isReachable)
        #expect(verdict.blockedBy == analysis.explanations.first?.code)
        #expect(verdict.blockedDirection == analysis.explanations.first?.direction)
        if scenario == .reachable {
            #expect(verdict.delivery == pair.deliveryToB)
        }
    }
}
