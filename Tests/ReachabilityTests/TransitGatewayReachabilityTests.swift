import Addressing
import CloudModel
import Foundation
import Reachability
import TestSupport
import Testing

/// Routing through a transit gateway, as AWS does it: out by the VPC route to the gateway, in by the attachment in the
/// sender's zone (its subnet's ACL in), routed by the table associated with the entry attachment, out by the target
/// attachment (its subnet's ACL out) into the destination, and the reply the same way back by its own tables.
struct TransitGatewayReachabilityTests {
    /// One change to the hub (A = VPC 0 sends to B = VPC 1), and what it does to A → B.
    enum Scenario: String, CaseIterable, CustomTestStringConvertible {
        case reachable, pendingAttachments, noVpcRoute, missingAssociation, missingPropagation, blackholeRoute, isolatedTables
        case attachmentAclInOnTheWayIn, attachmentAclInOnTheReply, attachmentAclOutOnTheWayOut, noAttachmentInZone, replyRouteMissing
        case wrongVpcByLongestPrefix

        var testDescription: String { rawValue }
    }

    static let expected: [Scenario: (Explanation.Code, Explanation.Direction)] = [
        .pendingAttachments: (.badStateRoute, .forward), .noVpcRoute: (.noRouteToDestination, .forward),
        .missingAssociation: (.tgwAttachMissingTgwRtbAssociation, .forward), .missingPropagation: (.tgwRtbNoRouteToTgwAttachment, .forward),
        .blackholeRoute: (.tgwRtbBadStateRoute, .forward), .isolatedTables: (.tgwRtbNoRouteToTgwAttachment, .return),
        .attachmentAclInOnTheWayIn: (.subnetAclRestriction, .forward), .attachmentAclInOnTheReply: (.subnetAclRestriction, .return),
        .attachmentAclOutOnTheWayOut: (.subnetAclRestriction, .forward), .noAttachmentInZone: (.tgwRouteAzRestriction, .forward),
        .replyRouteMissing: (.noRouteToDestination, .return), .wrongVpcByLongestPrefix: (.tgwRtbMoreSpecificRoute, .forward),
    ]

    /// Every ACL entry allows everything but what the scenario denies.
    static func denyingAcl(inboundFrom cidr: String?, outboundTo outCidr: String? = nil) -> [NetworkAclEntryRequest] {
        var entries = [
            NetworkAclEntryRequest(ruleNumber: 200, egress: false, ipProtocol: "-1", ruleAction: "allow", cidrBlock: "0.0.0.0/0"),
            NetworkAclEntryRequest(ruleNumber: 200, egress: true, ipProtocol: "-1", ruleAction: "allow", cidrBlock: "0.0.0.0/0"),
        ]
        if let cidr { entries.append(NetworkAclEntryRequest(ruleNumber: 100, egress: false, ipProtocol: "-1", ruleAction: "deny", cidrBlock: cidr)) }
        if let outCidr {
            entries.append(NetworkAclEntryRequest(ruleNumber: 100, egress: true, ipProtocol: "-1", ruleAction: "deny", cidrBlock: outCidr))
        }
        return entries
    }

    static func make(_ scenario: Scenario) throws -> TransitGatewayHub {
        var hub = try TransitGatewayHub()
        let (table, attachmentA, attachmentB, attachmentC) = (hub.defaultTableId, hub.attachments[0], hub.attachments[1], hub.attachments[2])
        switch scenario {
        case .reachable: break
        case .pendingAttachments: hub.cloud.now -= TransitGatewayLifecycle.transitionTime
        case .noVpcRoute:
            let main = hub.mainTable(0).id
            try hub.cloud.run { try $0.deleteRoute(main, destination: "10.0.0.0/8") }
        case .missingAssociation: try hub.cloud.run { _ = try $0.disassociateTransitGatewayRouteTable(table, attachmentId: attachmentA) }
        case .missingPropagation: try hub.cloud.run { _ = try $0.disableTransitGatewayRouteTablePropagation(table, attachmentId: attachmentB) }
        case .blackholeRoute:
            try hub.cloud.run { _ = try $0.createTransitGatewayRoute(table, destination: "10.2.0.0/16", attachmentId: nil, blackhole: true) }
        case .isolatedTables:
            // B is routed by a table of its own that nothing propagates into: A reaches B, B's replies go nowhere.
            let gateway = hub.gatewayId
            let own = try hub.cloud.run { try $0.createTransitGatewayRouteTable(transitGatewayId: gateway, tags: [:]) }.id
            try hub.cloud.run { _ = try $0.disassociateTransitGatewayRouteTable(table, attachmentId: attachmentB) }
            try hub.cloud.run { _ = try $0.associateTransitGatewayRouteTable(own, attachmentId: attachmentB) }
        case .attachmentAclInOnTheWayIn: try hub.replaceAcl(of: hub.attachmentSubnets[0], with: denyingAcl(inboundFrom: "10.1.1.0/24"))
        case .attachmentAclInOnTheReply: try hub.replaceAcl(of: hub.attachmentSubnets[1], with: denyingAcl(inboundFrom: "10.2.1.0/24"))
        case .attachmentAclOutOnTheWayOut:
            try hub.replaceAcl(of: hub.attachmentSubnets[1], with: denyingAcl(inboundFrom: nil, outboundTo: "10.2.1.0/24"))
        case .noAttachmentInZone:
            // A second instance of A's, in a zone its attachment has no subnet in, sends instead.
            let vpc = hub.vpcs[0].id
            let subnet = try hub.cloud.run { try $0.createSubnet(vpcId: vpc, cidrBlock: "10.1.2.0/24", availabilityZone: "us-east-1b") }.id
            hub.instances[0] = try hub.cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", subnetId: subnet)) }[0]
        case .replyRouteMissing:
            let main = hub.mainTable(1).id
            try hub.cloud.run { try $0.deleteRoute(main, destination: "10.0.0.0/8") }
        case .wrongVpcByLongestPrefix:
            // A static route sends B's instance subnet to C: more specific than B's propagated block.
            try hub.cloud.run { _ = try $0.createTransitGatewayRoute(table, destination: "10.2.1.0/24", attachmentId: attachmentC, blackhole: false) }
        }
        return hub
    }

    @Test(arguments: Scenario.allCases)
    func explained(_ scenario: Scenario) throws {
        let hub = try Self.make(scenario)
        let analysis = hub.analyze(0, 1)
        let expected = Self.expected[scenario]
        #expect(analysis.explanations.map(\.code) == (expected.map { [$0.0] } ?? []), "\(analysis.explanations.map(\.detail))")
        #expect(analysis.explanations.first?.direction == expected?.1)
        #expect(analysis.isReachable == (scenario == .reachable))
    }

    /// The data plane's first packet: accepted exactly when the analysis says reachable, dropped with the same code and
    /// direction; delivered to B's interface with the crossing the data plane forwards by.
    @Test(arguments: Scenario.allCases)
    func decided(_ scenario: Scenario) throws {
        let hub = try Self.make(scenario)
        let analysis = hub.analyze(0, 1, Traffic(.tcp, port: 22))
        let verdict = hub.decide(0, 1)
        #expect(verdict.isAccepted == analysis.isReachable)
        #expect(verdict.blockedBy == analysis.explanations.first?.code)
        #expect(verdict.blockedDirection == analysis.explanations.first?.direction)
        let delivery = FlowVerdict.Delivery.networkInterface(
            id: hub.interface(1).id, vpcId: hub.vpcs[1].id, address: hub.address(1),
            crossing: .transitGateway(hub.gatewayId, attachmentId: hub.attachments[0], targetAttachmentId: hub.attachments[1]))
        if scenario == .reachable { #expect(verdict.delivery == delivery) }
        if analysis.explanations.first?.direction == .return { #expect(verdict.requestDelivery == delivery) }
    }

    /// The fix each block proposes, and that applying it makes the path reachable.
    @Test(arguments: [
        Scenario.noVpcRoute, .missingAssociation, .missingPropagation, .blackholeRoute, .replyRouteMissing, .isolatedTables,
    ])
    func fixed(_ scenario: Scenario) throws {
        var hub = try Self.make(scenario)
        let fix = try #require(hub.analyze(0, 1).explanations.first?.fix)
        let table = hub.defaultTableId
        switch fix {
        case .createRoute(let routeTable, let destination, let target):
            #expect(target == .transitGateway(hub.gatewayId))
            #expect(destination == (scenario == .noVpcRoute ? "10.2.0.0/16" : "10.1.0.0/16"))
            let gateway = hub.gatewayId
            try hub.cloud.run { try $0.createRoute(routeTable, destination: destination, target: .transitGateway(gateway)) }
        case .associateTransitGatewayRouteTable(let routeTable, let attachment):
            #expect(routeTable == table && attachment == hub.attachments[0])
            try hub.cloud.run { _ = try $0.associateTransitGatewayRouteTable(routeTable, attachmentId: attachment) }
        case .enableTransitGatewayRouteTablePropagation(let routeTable, let attachment):
            #expect(attachment == (scenario == .isolatedTables ? hub.attachments[0] : hub.attachments[1]))
            try hub.cloud.run { _ = try $0.enableTransitGatewayRouteTablePropagation(routeTable, attachmentId: attachment) }
        case .replaceTransitGatewayRoute(let routeTable, let destination, let attachment):
            #expect(destination == "10.2.0.0/16" && attachment == hub.attachments[1])
            try hub.cloud.run {
                _ = try $0.replaceTransitGatewayRoute(routeTable, destination: destination, attachmentId: attachment, blackhole: false)
            }
        default: Issue.record("unexpected fix \(fix)")
        }
        #expect(hub.analyze(0, 1).isReachable, "\(hub.analyze(0, 1).explanations.map(\.detail))")
    }

    /// A hub with every spoke associated with and propagating into one table reaches every spoke, transitively, both
    /// ways: what a chain of peerings cannot do.
    @Test func hubReachesEverySpoke() throws {
        let hub = try TransitGatewayHub()
        for (from, to) in [(0, 1), (0, 2), (1, 2), (2, 0), (1, 0), (2, 1)] {
            let analysis = hub.analyze(from, to)
            #expect(analysis.isReachable, "\(from) → \(to): \(analysis.explanations.map(\.detail))")
        }
        let kinds = hub.analyze(0, 2).forward.map(\.kind)
        #expect(
            kinds.filter { $0.rawValue.hasPrefix("transit-gateway") } == [
                .transitGatewayAttachment, .transitGateway, .transitGatewayRouteTable, .transitGatewayAttachment,
            ])
        let matched = hub.analyze(0, 2).forward.compactMap { hop -> TransitGatewayRoute? in
            if case .transitGatewayRoute(let route)? = hop.matched { route } else { nil }
        }
        #expect(matched.map(\.destination.description) == ["10.3.0.0/16"] && matched.first?.type == .propagated)
    }

    /// Separate route tables isolate: spokes routed by a table with only the hub's routes reach the hub, not each other.
    @Test func separateTablesIsolateSpokes() throws {
        var hub = try TransitGatewayHub(
            gatewayOptions: {
                var options = TransitGateway.Options()
                options.defaultRouteTableAssociation = false
                options.defaultRouteTablePropagation = false
                return options
            }())
        let gateway = hub.gatewayId
        let hubTable = try hub.cloud.run { try $0.createTransitGatewayRouteTable(transitGatewayId: gateway, tags: [:]) }.id
        let spokeTable = try hub.cloud.run { try $0.createTransitGatewayRouteTable(transitGatewayId: gateway, tags: [:]) }.id
        let (hubAttachment, spokes) = (hub.attachments[0], Array(hub.attachments[1...]))
        try hub.cloud.run { _ = try $0.associateTransitGatewayRouteTable(hubTable, attachmentId: hubAttachment) }
        try hub.cloud.run { _ = try $0.enableTransitGatewayRouteTablePropagation(spokeTable, attachmentId: hubAttachment) }
        for spoke in spokes {
            try hub.cloud.run { _ = try $0.associateTransitGatewayRouteTable(spokeTable, attachmentId: spoke) }
            try hub.cloud.run { _ = try $0.enableTransitGatewayRouteTablePropagation(hubTable, attachmentId: spoke) }
        }
        #expect(hub.analyze(0, 1).isReachable && hub.analyze(2, 0).isReachable)
        #expect(hub.analyze(1, 2).explanations.map(\.code) == [.tgwRtbNoRouteToTgwAttachment])
    }

    /// AWS's NACL rules for an attachment in the instances' own subnet: traffic from the transit gateway to the instances
    /// is not evaluated, so B's ACL denying A's block in lets A in (B's replies are judged out by destination and in by
    /// their own source, B's, which it allows); with the attachment in a subnet of its own, the same ACL blocks A.
    @Test(arguments: [true, false])
    func attachmentInTheInstancesSubnet(_ shared: Bool) throws {
        var hub = try TransitGatewayHub(attachInWorkloadSubnet: shared)
        try hub.replaceAcl(of: hub.workloadSubnets[1], with: Self.denyingAcl(inboundFrom: "10.1.0.0/16"))
        let analysis = hub.analyze(0, 1)
        #expect(analysis.isReachable == shared, "\(analysis.explanations.map(\.detail))")
        #expect(hub.decide(0, 1).isAccepted == shared)
    }

    /// A group rule referring to the sender's group matches across a transit gateway only with security group referencing
    /// support on the gateway and both attachments: the API refuses such a rule without it, and a rule made while it was
    /// on matches nothing once the gateway turns it off. CIDR rules match regardless.
    @Test(arguments: [true, false])
    func groupReferencesNeedReferencingSupport(_ keptOn: Bool) throws {
        var gatewayOptions = TransitGateway.Options()
        var attachmentOptions = TransitGatewayAttachment.Options()
        gatewayOptions.securityGroupReferencingSupport = true
        attachmentOptions.securityGroupReferencingSupport = true
        var hub = try TransitGatewayHub(gatewayOptions: gatewayOptions, attachmentOptions: attachmentOptions)
        let (groupB, groupA) = (hub.defaultGroup(hub.vpcs[1].id), hub.defaultGroup(hub.vpcs[0].id).id)
        let cidrRule = IpPermission(ipProtocol: "-1", ipv4Ranges: [(cidr: "10.0.0.0/8", description: nil)])
        try hub.cloud.run { _ = try $0.revokeSecurityGroup(.ingress, groupId: groupB.id, groupName: nil, permissions: [cidrRule], ruleIds: []) }
        let groupRule = IpPermission(ipProtocol: "-1", groups: [.init(groupId: groupA)])
        try hub.cloud.run { _ = try $0.authorizeSecurityGroup(.ingress, groupId: groupB.id, groupName: nil, permissions: [groupRule]) }
        if !keptOn {
            var changes = Transaction.TransitGatewayChanges()
            changes.securityGroupReferencingSupport = false
            let gateway = hub.gatewayId
            try hub.cloud.run { _ = try $0.modifyTransitGateway(gateway, changes) }
            // Without the support, the API refuses a new reference (C's group to A's).
            let groupC = hub.defaultGroup(hub.vpcs[2].id).id
            #expect(
                hub.cloud.error { _ = try $0.authorizeSecurityGroup(.ingress, groupId: groupC, groupName: nil, permissions: [groupRule]) }?.code
                    == "InvalidGroup.NotFound")
        }
        let analysis = hub.analyze(0, 1)
        #expect(analysis.isReachable == keptOn, "\(analysis.explanations.map(\.detail))")
        #expect(analysis.explanations.map(\.code) == (keptOn ? [] : [.sgReferencingSupport]))
    }

    /// AWS's route priority in a VPC route table: the longest prefix wins whether it is a peering's or the transit
    /// gateway's (and a route to a block, static, wins over a prefix list route to the same block).
    @Test(arguments: [
        (peeringPrefix: "10.2.0.0/16", gatewayPrefix: nil, viaPeering: true),
        (peeringPrefix: "10.0.0.0/12", gatewayPrefix: "10.2.0.0/16", viaPeering: false),
    ])
    func peeringAndTransitGatewayByLongestPrefix(peeringPrefix: String, gatewayPrefix: String?, viaPeering: Bool) throws {
        var hub = try TransitGatewayHub()
        let (a, b, gateway) = (hub.vpcs[0].id, hub.vpcs[1].id, hub.gatewayId)
        let peering = try hub.cloud.run { try $0.createVpcPeeringConnection(vpcId: a, peerVpcId: b) }.id
        try hub.cloud.run { _ = try $0.acceptVpcPeeringConnection(peering) }
        let (tableA, tableB) = (hub.mainTable(0).id, hub.mainTable(1).id)
        try hub.cloud.run { try $0.createRoute(tableA, destination: peeringPrefix, target: .vpcPeeringConnection(peering)) }
        // The replies come back the way the request went: B routes A's block to the same connection.
        try hub.cloud.run {
            try $0.createRoute(tableB, destination: "10.1.0.0/16", target: viaPeering ? .vpcPeeringConnection(peering) : .transitGateway(gateway))
        }
        if let gatewayPrefix { try hub.cloud.run { try $0.createRoute(tableA, destination: gatewayPrefix, target: .transitGateway(gateway)) } }
        let expected: FlowVerdict.Crossing =
            viaPeering
            ? .vpcPeeringConnection(peering)
            : .transitGateway(hub.gatewayId, attachmentId: hub.attachments[0], targetAttachmentId: hub.attachments[1])
        #expect(hub.decide(0, 1).delivery == .networkInterface(id: hub.interface(1).id, vpcId: b, address: hub.address(1), crossing: expected))
        #expect(hub.analyze(0, 1).isReachable)
    }

    /// The same block reached by a static route and by a prefix list route: AWS's route priority puts static routes
    /// ("like VPC peering and internet gateway connections", and transit gateways) before prefix list routes, whichever
    /// target each has.
    @Test(arguments: [true, false])
    func aStaticRouteBeatsAPrefixListRouteToTheSameBlock(peeringIsStatic: Bool) throws {
        var hub = try TransitGatewayHub()
        let (a, b, gateway) = (hub.vpcs[0].id, hub.vpcs[1].id, hub.gatewayId)
        let peering = try hub.cloud.run { try $0.createVpcPeeringConnection(vpcId: a, peerVpcId: b) }.id
        try hub.cloud.run { _ = try $0.acceptVpcPeeringConnection(peering) }
        let given: [(cidr: String, description: String?)] = [(cidr: "10.2.0.0/16", description: nil)]
        let list = try hub.cloud.run { try $0.createManagedPrefixList(.init(name: "b", addressFamily: "IPv4", maxEntries: 5, entries: given)) }.id
        let (tableA, tableB) = (hub.mainTable(0).id, hub.mainTable(1).id)
        let (staticTarget, listTarget): (Transaction.RouteTargetRequest, Transaction.RouteTargetRequest) =
            peeringIsStatic ? (.vpcPeeringConnection(peering), .transitGateway(gateway)) : (.transitGateway(gateway), .vpcPeeringConnection(peering))
        try hub.cloud.run { try $0.createRoute(tableA, destination: .cidr("10.2.0.0/16"), target: staticTarget) }
        try hub.cloud.run { try $0.createRoute(tableA, destination: .prefixList(list), target: listTarget) }
        try hub.cloud.run { try $0.createRoute(tableB, destination: "10.1.0.0/16", target: staticTarget) }
        let expected: FlowVerdict.Crossing =
            peeringIsStatic
            ? .vpcPeeringConnection(peering) : .transitGateway(gateway, attachmentId: hub.attachments[0], targetAttachmentId: hub.attachments[1])
        #expect(hub.decide(0, 1).delivery == .networkInterface(id: hub.interface(1).id, vpcId: b, address: hub.address(1), crossing: expected))
        #expect(hub.analyze(0, 1).isReachable)
    }
}
