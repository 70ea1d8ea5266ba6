import Addressing
import CloudModel
import Reachability
import TestSupport
import Testing

/// The evaluator deciding first packets for the data plane: the reply on the flow's own ports, live flows re-decided
/// without the groups, protocols beyond TCP, UDP and ICMP, and what the data plane cannot carry.
struct FlowDecisionTests {
    static let everywhere = [(cidr: "0.0.0.0/0", description: String?.none)]

    /// The pair, peered and routed both ways, each group admitting the other VPC.
    static func openPair() throws -> PeeredPair {
        var pair = try PeeredPair()
        try pair.peer()
        try pair.openGroups()
        return pair
    }

    @Test func theReplyIsCheckedOnTheFlowsOwnPortsNotTheWholeEphemeralRange() throws {
        var pair = try Self.openPair()
        let deny = NetworkAclEntryRequest(
            ruleNumber: 1, egress: true, ipProtocol: "6", ruleAction: "deny", cidrBlock: "10.0.0.0/8", fromPort: 1024, toPort: 2000)
        try pair.addAclEntry(deny, in: pair.vpcB.id)
        let blocked = pair.connect(port: 22, sourcePort: 1500)
        #expect(blocked.delivery == nil)
        #expect(blocked.blockedBy == .subnetAclRestriction && blocked.blockedDirection == .return)
        // The request itself is delivered (AWS drops only the replies), and B's side is the one refusing them.
        #expect(blocked.requestDelivery == pair.deliveryToB)
        #expect(blocked.blockedAt == .destination(networkInterfaceId: pair.instanceB.primaryNetworkInterfaceId))
        let accepted = pair.connect(port: 22, sourcePort: 40000)
        #expect(accepted.delivery == pair.deliveryToB && accepted.blockedBy == nil && accepted.blockedDirection == nil)
        // The analysis still asks for the whole ephemeral range, as AWS's does.
        let analysis = pair.ping(Traffic(.tcp, port: 22))
        #expect(analysis.explanations.map(\.code) == [.subnetAclRestriction])
        #expect(analysis.explanations.first?.direction == .return)
    }

    /// An ACL entry for ICMP type 0 (echo reply) stops a ping's reply; one for type 8 (echo request) does not.
    @Test(arguments: [(0, false), (8, true)])
    func anEchoRequestsReplyIsCheckedAsAnEchoReply(deniedType: Int, accepted: Bool) throws {
        var pair = try Self.openPair()
        let deny = NetworkAclEntryRequest(
            ruleNumber: 1, egress: true, ipProtocol: "1", ruleAction: "deny", cidrBlock: "10.0.0.0/8", icmpType: deniedType, icmpCode: -1)
        try pair.addAclEntry(deny, in: pair.vpcB.id)
        let verdict = pair.decide(from: pair.instanceA, to: pair.address(of: pair.instanceB), FlowPacket.icmp, port: 8)
        #expect(verdict.isAccepted == accepted)
        #expect(verdict.blockedDirection == (accepted ? nil : .return))
    }

    @Test func aLiveFlowReDecidedWithoutTheGroupsOutlivesItsRuleButNotAnAclDeny() throws {
        var pair = try Self.openPair()
        #expect(pair.connect().delivery == pair.deliveryToB)
        try pair.revoke(.ingress, IpPermission(ipProtocol: "-1", ipv4Ranges: [(cidr: "10.0.0.0/16", description: nil)]), in: pair.vpcB.id)
        #expect(pair.connect().blockedBy == .eniSecurityGroupRulesMismatch, "a new flow meets the groups")
        let live = pair.connect(checkingSecurityGroups: false)
        #expect(live.delivery == pair.deliveryToB && live.tracked)
        let deny = NetworkAclEntryRequest(ruleNumber: 1, egress: false, ipProtocol: "-1", ruleAction: "deny", cidrBlock: "10.0.0.0/8")
        try pair.addAclEntry(deny, in: pair.vpcB.id)
        let cut = pair.connect(checkingSecurityGroups: false)
        #expect(cut.delivery == nil && cut.blockedBy == .subnetAclRestriction && cut.blockedDirection == .forward)
        #expect(cut.requestDelivery == nil && cut.blockedAt == .destination(networkInterfaceId: pair.instanceB.primaryNetworkInterfaceId))
    }

    enum Change: CaseIterable {
        case deletePeering, deleteRouteBack, stopDestination
    }

    /// Routes, peerings and the instance's state apply at once to a live flow, groups or not.
    @Test(arguments: Change.allCases)
    func aLiveFlowIsCutAtOnceByRoutesPeeringsAndState(_ change: Change) throws {
        var pair = try Self.openPair()
        let expected: Explanation.Code
        switch change {
        case .deletePeering:
            let id = pair.peeringId!
            try pair.cloud.run { try $0.deleteVpcPeeringConnection(id) }
            expected = .badStateRoute
        case .deleteRouteBack:
            let table = pair.mainTable(pair.vpcB.id).id
            try pair.cloud.run { try $0.deleteRoute(table, destination: "10.0.0.0/16") }
            expected = .noRouteToDestination
        case .stopDestination:
            let id = pair.instanceB.id
            try pair.cloud.run { _ = try $0.stopInstances([id]) }
            expected = .badState
        }
        for checking in [true, false] {
            let verdict = pair.connect(checkingSecurityGroups: checking)
            #expect(verdict.delivery == nil && verdict.blockedBy == expected)
        }
    }

    /// GRE (47): no ports, only a rule for all traffic or for its number lets it in.
    @Test(arguments: [("-1", true), ("47", true), ("tcp", false)])
    func anotherProtocolIsDecidedByRulesForAllTrafficOrForItsNumber(rule: String, accepted: Bool) throws {
        var pair = try PeeredPair()
        try pair.peer()
        let ports = rule == "tcp" ? (0, 65535) : (nil, nil)
        let permission = IpPermission(
            ipProtocol: rule, fromPort: ports.0, toPort: ports.1, ipv4Ranges: [(cidr: "10.0.0.0/16", description: nil)])
        try pair.authorize(.ingress, permission, in: pair.vpcB.id)
        let verdict = pair.decide(from: pair.instanceA, to: pair.address(of: pair.instanceB), 47, port: 0)
        #expect(verdict.delivery == (accepted ? pair.deliveryToB : nil))
        #expect(verdict.blockedBy == (accepted ? nil : .eniSecurityGroupRulesMismatch))
        #expect(verdict.tracked, "only TCP and UDP can be untracked")
    }

    /// An ACL that names TCP, UDP and ICMP only stops GRE.
    @Test func anAclWithoutAnEntryForTheProtocolDropsIt() throws {
        var pair = try Self.openPair()
        let vpcB = pair.vpcB.id
        let acl = try pair.cloud.run { try $0.createNetworkAcl(vpcId: vpcB) }.id
        for egress in [false, true] {
            for (number, rule) in [("6", 100), ("17", 110)] {
                let entry = NetworkAclEntryRequest(
                    ruleNumber: rule, egress: egress, ipProtocol: number, ruleAction: "allow", cidrBlock: "0.0.0.0/0", fromPort: 0, toPort: 65535)
                try pair.cloud.run { try $0.createNetworkAclEntry(acl, entry) }
            }
            let icmp = NetworkAclEntryRequest(
                ruleNumber: 120, egress: egress, ipProtocol: "1", ruleAction: "allow", cidrBlock: "0.0.0.0/0", icmpType: -1, icmpCode: -1)
            try pair.cloud.run { try $0.createNetworkAclEntry(acl, icmp) }
        }
        let association = pair.defaultAcl(vpcB).associations[0].id
        try pair.cloud.run { _ = try $0.replaceNetworkAclAssociation(associationId: association, networkAclId: acl) }
        #expect(pair.connect().isAccepted)
        #expect(pair.decide(from: pair.instanceA, to: pair.address(of: pair.instanceB), 47, port: 0).blockedBy == .subnetAclRestriction)
    }

    /// AWS's source/destination check: an instance sends only from its own addresses.
    @Test func anInstanceSendsOnlyFromItsOwnAddresses() throws {
        let pair = try Self.openPair()
        let interfaceA = pair.interface(of: pair.instanceA)
        let spoofed = FlowPacket(
            source: .v4(IPv4Address(10, 0, 1, 250)), destination: pair.address(of: pair.instanceB), ipProtocol: FlowPacket.tcp,
            sourcePort: 40000, destinationPort: 22)
        let verdict = pair.evaluator.decide(spoofed, from: .networkInterface(interfaceA.id))
        #expect(verdict.delivery == nil && verdict.blockedBy == .noPossibleDestination)
        #expect(pair.evaluator.decide(spoofed, from: .networkInterface("eni-00000000000000000")).blockedBy == .noPossibleDestination)
    }

    /// ICMP over IPv6 and ICMPv6 over IPv4 are not packets the data plane can read.
    @Test func anIcmpProtocolOfTheWrongFamilyIsAProtocolRestriction() throws {
        let pair = try Self.openPair()
        let verdict = pair.decide(from: pair.instanceA, to: pair.address(of: pair.instanceB), FlowPacket.icmpv6, port: 128)
        #expect(verdict.delivery == nil && verdict.blockedBy == .protocolRestriction)
    }

    /// Traffic for a gateway endpoint's service: the analysis says it gets there, the data plane has nothing there.
    @Test func aGatewayEndpointLeadsNowhereInTheDataPlane() throws {
        var f = try VpcEndpointReachabilityTests.WithInstance()
        _ = try f.vpc.gatewayEndpoint()
        #expect(f.analyze(to: .address(VpcEndpointReachabilityTests.s3Address)).isReachable)
        let interface = f.vpc.region.networkInterfaces[f.instance.primaryNetworkInterfaceId]!
        let packet = FlowPacket(
            source: .v4(interface.primaryPrivateIp), destination: VpcEndpointReachabilityTests.s3Address, ipProtocol: FlowPacket.tcp,
            sourcePort: 40000, destinationPort: 443)
        let verdict = Evaluator(state: f.vpc.cloud.state, scope: TestCloud.scope, at: f.vpc.cloud.now)
            .decide(packet, from: .networkInterface(interface.id))
        #expect(verdict.delivery == nil && verdict.blockedBy == .noPossibleDestination && verdict.blockedDirection == .forward)
    }
}
