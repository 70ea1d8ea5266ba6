import Addressing
import CloudModel
import Foundation
import Reachability
import TestSupport
import Testing

private let east = TestCloud.scope
private let west = AccountRegion(account: TestCloud.scope.account, region: "us-west-2")

/// Two transit gateways in two regions, peered: a VPC behind each (10.1/16 in us-east-1, 10.9/16 in us-west-2). AWS
/// propagates nothing across a peering attachment: each side routes the other's block to it with a static route, and
/// associates the attachment with a route table of its own gateway, which routes what arrives from the peer.
struct TransitGatewayPeeringReachabilityTests {
    struct Peered {
        var cloud = TestCloud()
        var gateways: [String] = [], tables: [String] = [], attachments: [String] = [], instances: [Instance] = []
        let peering: String

        /// `route`: the static routes to the peering on both sides; `associate`: the peering's association on both sides.
        init(route: (east: Bool, west: Bool) = (true, true), associate: (east: Bool, west: Bool) = (true, true)) throws {
            for (scope, n) in [(east, 1), (west, 9)] {
                let gateway = try cloud.run(in: scope) { try $0.createTransitGateway(description: "", options: .init(), tags: [:]) }
                let vpc = try cloud.run(in: scope) { try $0.createVpc(cidrBlock: "10.\(n).0.0/16") }.id
                let subnet = try cloud.run(in: scope) {
                    try $0.createSubnet(vpcId: vpc, cidrBlock: "10.\(n).1.0/24", availabilityZone: "\(scope.region)a")
                }.id
                attachments.append(
                    try cloud.run(in: scope) {
                        try $0.createTransitGatewayVpcAttachment(
                            transitGatewayId: gateway.id, vpcId: vpc, subnetIds: [subnet], options: .init(), tags: [:])
                    }.id)
                let main = cloud.state[scope].routeTables.values.first { $0.tableVpcId == vpc && $0.isMain }!.id
                try cloud.run(in: scope) { try $0.createRoute(main, destination: "10.0.0.0/8", target: .transitGateway(gateway.id)) }
                let group = cloud.state[scope].securityGroups.values.first { $0.groupVpcId == vpc && $0.isDefault }!.id
                let open = [IpPermission(ipProtocol: "-1", ipv4Ranges: [(cidr: "10.0.0.0/8", description: nil)])]
                try cloud.run(in: scope) { _ = try $0.authorizeSecurityGroup(.ingress, groupId: group, groupName: nil, permissions: open) }
                instances.append(try cloud.run(in: scope) { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", subnetId: subnet)) }[0])
                gateways.append(gateway.id)
                tables.append(cloud.state[scope].transitGateways[gateway.id]!.associationDefaultRouteTableId!)
            }
            let (local, peer) = (gateways[0], gateways[1])
            let id = try cloud.run(in: east) {
                try $0.createTransitGatewayPeeringAttachment(
                    transitGatewayId: local, peerTransitGatewayId: peer, peerAccountId: west.account, peerRegion: west.region, tags: [:])
            }.id
            peering = id
            try cloud.run(in: west) { _ = try $0.acceptTransitGatewayPeeringAttachment(id) }
            cloud.now += TransitGatewayLifecycle.transitionTime
            for (scope, table, block, wanted, associated) in [
                (east, tables[0], "10.9.0.0/16", route.east, associate.east), (west, tables[1], "10.1.0.0/16", route.west, associate.west),
            ] {
                if associated { try cloud.run(in: scope) { _ = try $0.associateTransitGatewayPeeringRouteTable(table, attachmentId: id) } }
                if wanted {
                    try cloud.run(in: scope) { _ = try $0.createTransitGatewayRoute(table, destination: block, attachmentId: id, blackhole: false) }
                }
            }
        }

        /// From an instance to the other's interface (an instance id names instances of the analysis's region only).
        func analyze(from: Int, to: Int) -> PathAnalysis {
            let scope = from == 0 ? east : west
            return Evaluator(state: cloud.state, scope: scope, at: cloud.now).analyze(
                PathQuery(
                    scope: scope, source: .instance(instances[from].id), destination: .networkInterface(instances[to].primaryNetworkInterfaceId),
                    traffic: Traffic(.icmp)))
        }
    }

    @Test func staticRoutesAndAssociationsOnBothSidesCarryTrafficBothWays() throws {
        let peered = try Peered()
        for (from, to) in [(0, 1), (1, 0)] {
            let analysis = peered.analyze(from: from, to: to)
            #expect(analysis.isReachable, "\(analysis.explanations.map(\.detail))")
        }
        let ids = peered.analyze(from: 0, to: 1).forward.map(\.id)
        let expected = [
            peered.attachments[0], peered.gateways[0], peered.tables[0], peered.peering, peered.gateways[1], peered.tables[1], peered.attachments[1],
        ]
        #expect(ids.filter { $0.hasPrefix("tgw") } == expected)
        // A table the peering alone is associated with cannot be deleted while it is.
        var cloud = peered.cloud
        let (gateway, peering, westDefault) = (peered.gateways[1], peered.peering, peered.tables[1])
        let own = try cloud.run(in: west) { try $0.createTransitGatewayRouteTable(transitGatewayId: gateway, tags: [:]) }.id
        try cloud.run(in: west) { _ = try $0.disassociateTransitGatewayPeeringRouteTable(westDefault, attachmentId: peering) }
        try cloud.run(in: west) { _ = try $0.associateTransitGatewayPeeringRouteTable(own, attachmentId: peering) }
        #expect(cloud.error(in: west) { _ = try $0.deleteTransitGatewayRouteTable(own) }?.code == "IncorrectState")
        try cloud.run(in: west) { _ = try $0.disassociateTransitGatewayPeeringRouteTable(own, attachmentId: peering) }
        #expect(cloud.error(in: west) { _ = try $0.deleteTransitGatewayRouteTable(own) } == nil)
        // The data plane's packet: it leaves the first gateway by the peering attachment.
        let source = peered.cloud.state[east].networkInterfaces[peered.instances[0].primaryNetworkInterfaceId]!
        let target = peered.cloud.state[west].networkInterfaces[peered.instances[1].primaryNetworkInterfaceId]!
        let packet = FlowPacket(
            source: .v4(source.primaryPrivateIp), destination: .v4(target.primaryPrivateIp), ipProtocol: FlowPacket.icmp, destinationPort: 8)
        let verdict = Evaluator(state: peered.cloud.state, scope: east, at: peered.cloud.now).decide(packet, from: .networkInterface(source.id))
        #expect(
            verdict.delivery
                == .networkInterface(
                    id: target.id, vpcId: target.interfaceVpcId, address: .v4(target.primaryPrivateIp),
                    crossing: .transitGateway(peered.gateways[0], attachmentId: peered.attachments[0], targetAttachmentId: peered.peering)))
    }

    /// What each missing piece does: no static route on the sender's side (nothing propagates across a peering), none on
    /// the peer's side for the reply, no association on the peer's side.
    @Test(arguments: [
        (route: (east: false, west: true), associate: (east: true, west: true), code: Explanation.Code.tgwRtbNoRouteToTgwAttachment, onReturn: false),
        (route: (east: true, west: false), associate: (east: true, west: true), code: .tgwRtbNoRouteToTgwAttachment, onReturn: true),
        (route: (east: true, west: true), associate: (east: true, west: false), code: .tgwAttachMissingTgwRtbAssociation, onReturn: false),
    ])
    func aMissingPieceBlocks(route: (east: Bool, west: Bool), associate: (east: Bool, west: Bool), code: Explanation.Code, onReturn: Bool) throws {
        let peered = try Peered(route: route, associate: associate)
        let analysis = peered.analyze(from: 0, to: 1)
        #expect(analysis.explanations.map(\.code) == [code], "\(analysis.explanations.map(\.detail))")
        #expect(analysis.explanations.first?.direction == (onReturn ? .return : .forward))
        if code == .tgwAttachMissingTgwRtbAssociation {
            #expect(
                analysis.explanations.first?.fix == .associateTransitGatewayRouteTable(routeTableId: peered.tables[1], attachmentId: peered.peering))
        }
    }
}
