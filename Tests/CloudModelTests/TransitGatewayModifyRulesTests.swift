import Addressing
import CloudModel
import Foundation
import TestSupport
import Testing

/// VPC routes to a transit gateway, and ModifyTransitGateway, ModifyTransitGatewayVpcAttachment,
/// ReplaceTransitGatewayRoute and the route tables' associations and propagations as the Get calls list them.
struct TransitGatewayModifyRulesTests {
    typealias Hub = TransitGatewayRulesTests.Hub

    func mainTable(_ hub: Hub, _ n: Int) -> RouteTable {
        hub.region.routeTables.values.first { $0.tableVpcId == hub.vpcIds[n] && $0.isMain }!
    }

    /// AWS: a VPC without an attachment to the gateway cannot route to it (`InvalidTransitGatewayID.NotFound`); the route
    /// is a blackhole while the attachment is pending or after it is deleted.
    @Test func aVpcRouteToATransitGatewayFollowsTheAttachment() throws {
        var hub = try Hub()
        let table = mainTable(hub, 0).id
        let gatewayId = hub.gateway.id
        #expect(
            hub.cloud.error { try $0.createRoute(table, destination: "10.0.0.0/8", target: .transitGateway(gatewayId)) }?.code
                == "InvalidTransitGatewayID.NotFound")
        let attachment = try hub.attach(0)
        try hub.cloud.run { try $0.createRoute(table, destination: "10.0.0.0/8", target: .transitGateway(gatewayId)) }
        func state() -> RouteState {
            let table = mainTable(hub, 0)
            return hub.cloud.state.state(of: table.routes.first { $0.target == .transitGateway(gatewayId) }!, in: table, at: hub.cloud.now)
        }
        #expect(state() == .blackhole)
        hub.cloud.now += TransitGatewayLifecycle.transitionTime
        #expect(state() == .active)
        try hub.cloud.run { _ = try $0.deleteTransitGatewayVpcAttachment(attachment.id) }
        #expect(state() == .blackhole)
        // With the attachment gone, a new route to the gateway is refused again.
        #expect(
            hub.cloud.error { try $0.createRoute(table, destination: "10.1.0.0/24", target: .transitGateway(gatewayId)) }?.code
                == "InvalidTransitGatewayID.NotFound")
    }

    @Test func modifyingAnAttachmentAddsAndRemovesSubnets() throws {
        var hub = try Hub()
        let attachment = try hub.attach(0, subnets: [hub.subnetIds[0][0]])
        let (first, second) = (hub.subnetIds[0][0], hub.subnetIds[0][1])
        let modified = try hub.cloud.run {
            try $0.modifyTransitGatewayVpcAttachment(attachment.id, addSubnetIds: [second], removeSubnetIds: [first]) {
                $0.applianceModeSupport = true
            }
        }
        #expect(modified.subnetIds == [second] && modified.options.applianceModeSupport)
        #expect(hub.region.networkInterfaces[attachment.subnetInterfaces[0].networkInterfaceId] == nil)
        let other = hub.subnetIds[1][0]
        for (add, remove, code) in [
            ([other], [String](), "InvalidParameterValue"), ([], [second], "InvalidParameterValue"), ([first], [], "DuplicateSubnetsInSameZone"),
        ] {
            let extra =
                code == "DuplicateSubnetsInSameZone"
                ? try hub.cloud.run { try $0.createSubnet(vpcId: hub.vpcIds[0], cidrBlock: "10.1.8.0/24", availabilityZone: "us-east-1b") }.id : nil
            let adding = extra.map { [$0] } ?? add
            #expect(
                hub.cloud.error {
                    _ = try $0.modifyTransitGatewayVpcAttachment(attachment.id, addSubnetIds: adding, removeSubnetIds: remove) { _ in }
                }?.code == code)
        }
    }

    @Test func modifyingTheGatewaysDefaults() throws {
        var hub = try Hub()
        let gatewayId = hub.gateway.id
        let table = try hub.cloud.run { try $0.createTransitGatewayRouteTable(transitGatewayId: gatewayId, tags: [:]) }.id
        var changes = Transaction.TransitGatewayChanges()
        changes.defaultRouteTablePropagation = false
        changes.associationDefaultRouteTableId = table
        changes.description = "changed"
        changes.addCidrBlocks = ["192.0.2.0/24"]
        let modified = try hub.cloud.run { try $0.modifyTransitGateway(gatewayId, changes) }
        #expect(modified.propagationDefaultRouteTableId == nil && modified.associationDefaultRouteTableId == table)
        #expect(modified.description == "changed" && modified.options.cidrBlocks == ["192.0.2.0/24"])
        // A new attachment is associated with the new default and propagates nowhere.
        let attachment = try hub.attach(1)
        #expect(attachment.associatedRouteTableId == table)
        #expect(hub.region.transitGatewayRouteTables.values.allSatisfy { $0.propagatingAttachmentIds.isEmpty })
        var wrong = Transaction.TransitGatewayChanges()
        wrong.amazonSideAsn = 1
        #expect(hub.cloud.error { _ = try $0.modifyTransitGateway(gatewayId, wrong) }?.code == "InvalidParameterValue")
    }

    @Test func replacingARouteAndListingMembers() throws {
        var hub = try Hub()
        let (a, b) = (try hub.attach(0), try hub.attach(1))
        let tableId = hub.defaultTable.id
        try hub.cloud.run { _ = try $0.createTransitGatewayRoute(tableId, destination: "0.0.0.0/0", attachmentId: a.id, blackhole: false) }
        let replaced = try hub.cloud.run {
            try $0.replaceTransitGatewayRoute(tableId, destination: "0.0.0.0/0", attachmentId: b.id, blackhole: false)
        }
        #expect(replaced.attachmentId == b.id)
        #expect(
            hub.cloud.error { _ = try $0.replaceTransitGatewayRoute(tableId, destination: "10.1.0.0/16", attachmentId: nil, blackhole: true) }?.code
                == "InvalidRoute.NotFound")
        let state = hub.cloud.state
        let associated = try state.transitGatewayRouteTableMembers(tableId, .associations, filters: [], in: TestCloud.scope)
        #expect(Set(associated.map(\.id)) == [a.id, b.id])
        let propagating = try state.transitGatewayRouteTableMembers(
            tableId, .propagations, filters: [Filter(name: "resource-id", values: [hub.vpcIds[1]])], in: TestCloud.scope)
        #expect(propagating.map(\.id) == [b.id])
        #expect(throws: EC2Error.self) {
            try state.transitGatewayRouteTableMembers(tableId, .associations, filters: [Filter(name: "x", values: [])], in: TestCloud.scope)
        }
    }
}
