import Addressing
import CloudModel
import Foundation
import Reachability
import TestSupport
import Testing

@testable import DataPlane

/// Transit gateways on the host: a namespace per gateway once it and an attachment are `available`, a link per
/// attachment of a VPC with a router (MTU 8500), kernel tables rendering the route tables, and marks that send a flow
/// into the gateway by the sending VPC's attachment.
struct TransitGatewayTopologyTests {
    /// Three VPCs (10.1/16, 10.2/16, 10.3/16), one running instance in the first two only, and a transit gateway with
    /// AWS's default options with all three attached (associated with and propagating into the default route table).
    struct Hub {
        var cloud = TestCloud()
        var vpcIds: [String] = []
        var attachmentIds: [String] = []
        let gatewayId: String

        init() throws {
            var subnets: [String] = []
            for n in 1...3 {
                let vpcId = try cloud.run { try $0.createVpc(cidrBlock: "10.\(n).0.0/16") }.id
                vpcIds.append(vpcId)
                subnets.append(try cloud.run { try $0.createSubnet(vpcId: vpcId, cidrBlock: "10.\(n).1.0/24", availabilityZone: "us-east-1a") }.id)
            }
            for subnet in subnets.prefix(2) {
                try cloud.run { _ = try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", subnetId: subnet)) }
            }
            gatewayId = try cloud.run { try $0.createTransitGateway(description: "hub", options: .init(), tags: [:]) }.id
            for (vpcId, subnet) in zip(vpcIds, subnets) {
                let gatewayId = gatewayId
                attachmentIds.append(
                    try cloud.run {
                        try $0.createTransitGatewayVpcAttachment(
                            transitGatewayId: gatewayId, vpcId: vpcId, subnetIds: [subnet], options: .init(), tags: [:])
                    }.id)
            }
        }

        var defaultTableId: String { cloud.state[TestCloud.scope].transitGateways[gatewayId]!.associationDefaultRouteTableId! }
        var topology: DataPlaneTopology { DataPlaneTopology(state: cloud.state, at: cloud.now) }

        /// Lets the gateway and its attachments leave `pending`.
        mutating func settle() { cloud.now += TransitGatewayLifecycle.transitionTime }
    }

    @Test func nothingWhileTheGatewayAndItsAttachmentsArePendingAndTheHostFollowsWhenTheyAreNot() throws {
        var hub = try Hub()
        #expect(hub.topology.transitGateways.isEmpty)
        #expect(hub.topology.routers.values.allSatisfy { $0.links.allSatisfy { !$0.name.hasPrefix("lvpc-t") } })
        let created = hub.cloud.now
        #expect(DataPlaneTopology.nextTransition(in: hub.cloud.state, after: hub.cloud.now) == created + TransitGatewayLifecycle.transitionTime)
        hub.settle()
        #expect(DataPlaneTopology.nextTransition(in: hub.cloud.state, after: hub.cloud.now) == nil)
        #expect(hub.topology.transitGateways.count == 1)
    }

    @Test func eachAttachmentOfAVpcWithARouterIsALinkOfMtu8500() throws {
        var hub = try Hub()
        hub.settle()
        let topology = hub.topology
        let gateway = try #require(topology.transitGateways[hub.gatewayId])
        #expect(gateway.namespace == "lvpc-\(hub.gatewayId)")
        // The third VPC has nothing running: no router, so no link.
        #expect(gateway.attachments == [hub.attachmentIds[0]: hub.vpcIds[0], hub.attachmentIds[1]: hub.vpcIds[1]])
        #expect(topology.routers[hub.vpcIds[2]] == nil)
        for n in 0..<2 {
            let link = try #require(
                topology.routers[hub.vpcIds[n]]?.links.first {
                    $0.destination == .transitGatewayAttachment(hub.attachmentIds[n], transitGatewayId: hub.gatewayId)
                })
            #expect(link.mtu == 8500)
            #expect(link.name == "lvpc-t" + hub.attachmentIds[n].suffix(9))
            #expect(link.name.utf8.count <= 15)
            #expect(gateway.associations[hub.attachmentIds[n]] == hub.defaultTableId)
        }
    }

    @Test func theRouteTablesAreRenderedWithBlackholesWhereNothingCanAnswer() throws {
        var hub = try Hub()
        hub.settle()
        let (tableId, toSecond) = (hub.defaultTableId, hub.attachmentIds[1])
        try hub.cloud.run { _ = try $0.createTransitGatewayRoute(tableId, destination: "10.2.9.0/24", attachmentId: nil, blackhole: true) }
        try hub.cloud.run { _ = try $0.createTransitGatewayRoute(tableId, destination: "10.9.0.0/16", attachmentId: toSecond, blackhole: false) }
        let routes = try #require(hub.topology.transitGateways[hub.gatewayId]?.routeTables[tableId])
        let byDestination = Dictionary(uniqueKeysWithValues: routes.map { ($0.destination.description, $0.target) })
        #expect(
            byDestination == [
                "10.1.0.0/16": .attachment(hub.attachmentIds[0]), "10.2.0.0/16": .attachment(hub.attachmentIds[1]),
                // Propagated from an attachment whose VPC has no router: dropped, not sent to a shorter prefix.
                "10.3.0.0/16": .blackhole, "10.2.9.0/24": .blackhole, "10.9.0.0/16": .attachment(hub.attachmentIds[1]),
            ])
    }

    @Test func aDeletedAttachmentTakesItsLinkAndADeletedGatewayItsNamespace() throws {
        var hub = try Hub()
        hub.settle()
        let first = hub.attachmentIds[0]
        try hub.cloud.run { _ = try $0.deleteTransitGatewayVpcAttachment(first) }
        var topology = hub.topology
        #expect(topology.transitGateways[hub.gatewayId]?.attachments.keys.sorted() == [hub.attachmentIds[1]])
        #expect(topology.routers[hub.vpcIds[0]]?.links.contains { $0.name.hasPrefix("lvpc-t") } == false)
        for id in hub.attachmentIds.dropFirst() { try hub.cloud.run { _ = try $0.deleteTransitGatewayVpcAttachment(id) } }
        topology = hub.topology
        #expect(topology.transitGateways.isEmpty)
    }
}

/// The kernel's side of a transit gateway: its rules and routes, changed in place.
struct TransitGatewayTablesTests {
    static let gateway = "tgw-0123456789abcdef0"
    static let (a, b, c) = ("tgw-attach-0000000000000000a", "tgw-attach-0000000000000000b", "tgw-attach-0000000000000000c")
    static let (hubTable, spokeTable) = ("tgw-rtb-00000000000000001", "tgw-rtb-00000000000000002")

    static func cidr(_ text: String) -> IPv4CIDR { IPv4CIDR(text)! }

    /// A hub (a) and two spokes (b, c): the spokes' table reaches only the hub, the hub's every spoke.
    static var isolated: TransitGatewayRouter {
        TransitGatewayRouter(
            transitGatewayId: gateway, attachments: [a: "vpc-a", b: "vpc-b", c: "vpc-c"], associations: [a: hubTable, b: spokeTable, c: spokeTable],
            routeTables: [
                hubTable: [
                    .init(destination: cidr("10.2.0.0/16"), target: .attachment(b)), .init(destination: cidr("10.3.0.0/16"), target: .attachment(c)),
                ],
                spokeTable: [.init(destination: cidr("10.1.0.0/16"), target: .attachment(a))],
            ])
    }
    static let numbers = [hubTable: Int32(100), spokeTable: 101]

    @Test func eachAssociatedLinkLooksUpItsRouteTableAndEachRouteLeavesByItsAttachmentsLink() {
        let tables = TransitGatewayTables(router: Self.isolated, numbers: Self.numbers)
        #expect(tables.rules == ["iif lvpc-t00000000a lookup 100", "iif lvpc-t00000000b lookup 101", "iif lvpc-t00000000c lookup 101"])
        #expect(
            TransitGatewayTables().commands(from: TransitGatewayTables()).isEmpty && tables.commands(from: tables).isEmpty,
            "nothing to do when nothing changed")
        #expect(
            tables.commands(from: TransitGatewayTables()) == [
                "route replace 10.2.0.0/16 via 169.254.0.1 dev lvpc-t00000000b onlink table 100",
                "route replace 10.3.0.0/16 via 169.254.0.1 dev lvpc-t00000000c onlink table 100",
                "route replace 10.1.0.0/16 via 169.254.0.1 dev lvpc-t00000000a onlink table 101",
                "rule add iif lvpc-t00000000a lookup 100", "rule add iif lvpc-t00000000b lookup 101", "rule add iif lvpc-t00000000c lookup 101",
            ])
    }

    @Test func changesAreMadeInPlace() {
        let before = TransitGatewayTables(router: Self.isolated, numbers: Self.numbers)
        var router = Self.isolated
        // A blackhole for part of a spoke, c's route gone, c disassociated.
        router.routeTables[Self.hubTable] = [
            .init(destination: Self.cidr("10.2.0.0/16"), target: .attachment(Self.b)),
            .init(destination: Self.cidr("10.2.9.0/24"), target: .blackhole),
        ]
        router.associations[Self.c] = nil
        let after = TransitGatewayTables(router: router, numbers: Self.numbers)
        #expect(
            after.commands(from: before) == [
                "rule del iif lvpc-t00000000c lookup 101", "route del 10.3.0.0/16 table 100", "route replace blackhole 10.2.9.0/24 table 100",
            ])
        // A route table deleted: its routes go with its number.
        router.routeTables[Self.spokeTable] = nil
        router.associations[Self.b] = nil
        let fewer = TransitGatewayTables(router: router, numbers: [Self.hubTable: 100])
        #expect(fewer.commands(from: after) == ["rule del iif lvpc-t00000000b lookup 101", "route del 10.1.0.0/16 table 101"])
    }

    /// The kernel drops the routes through a link with the link: forgotten, they are made again when it comes back.
    @Test func aRemovedLinksRoutesAreMadeAgainWhenItComesBack() {
        let tables = TransitGatewayTables(router: Self.isolated, numbers: Self.numbers)
        let forgotten = tables.withoutRoutes(through: "lvpc-t00000000b")
        #expect(tables.commands(from: forgotten) == ["route replace 10.2.0.0/16 via 169.254.0.1 dev lvpc-t00000000b onlink table 100"])
    }

    @Test func namesAreOursAndShortEnough() {
        let link = Self.isolated.link(of: Self.a)
        #expect(link.name == "lvpc-t00000000a" && link.name.utf8.count == 15)
        #expect(link.mtu == RouterLink.transitGatewayMtu)
        #expect(Self.isolated.namespace == "lvpc-tgw-0123456789abcdef0")
        #expect(Self.isolated.namespace.hasPrefix(DataPlaneNames.prefix))
    }

    @Test(.enabled(if: KernelTestEnvironment.isRootOnLinux))
    func theKernelTakesTheCommands() throws {
        let namespace = "\(KernelTestEnvironment.uniquePrefix())-tgw"
        try NetworkNamespace.create(namespace)
        defer { try? NetworkNamespace.delete(namespace) }
        var batch = ["link set lo up"]
        for (n, link) in ["lvpc-t00000000a", "lvpc-t00000000b", "lvpc-t00000000c"].enumerated() {
            batch += ["link add \(link) type veth peer name far\(n)", "link set \(link) up", "link set far\(n) up"]
        }
        _ = try KernelCommand.run("ip", ["-n", namespace, "-batch", "-"], input: batch.joined(separator: "\n") + "\n")
        let tables = TransitGatewayTables(router: Self.isolated, numbers: Self.numbers)
        let apply = { (commands: [String]) in
            _ = try KernelCommand.run("ip", ["-n", namespace, "-batch", "-"], input: commands.joined(separator: "\n") + "\n")
        }
        try apply(tables.commands(from: TransitGatewayTables()))
        var router = Self.isolated
        router.routeTables[Self.hubTable]?.append(.init(destination: Self.cidr("10.2.9.0/24"), target: .blackhole))
        router.associations[Self.c] = nil
        let after = TransitGatewayTables(router: router, numbers: Self.numbers)
        try apply(after.commands(from: tables))
        let routes = try KernelCommand.run("ip", ["-n", namespace, "route", "show", "table", "100"])
        #expect(routes.contains("blackhole 10.2.9.0/24"))
        #expect(routes.contains("10.3.0.0/16 via 169.254.0.1 dev lvpc-t00000000c"))
        let rules = try KernelCommand.run("ip", ["-n", namespace, "rule", "show"])
        #expect(rules.contains("iif lvpc-t00000000a lookup 100") && !rules.contains("iif lvpc-t00000000c"))
    }
}

/// A peering between two gateways: a link between their namespaces once both exist and it is `available`, each side's
/// association routing what arrives by it, and the routes to it going out by it.
struct TransitGatewayPeeringTopologyTests {
    @Test func anAvailablePeeringLinksTheTwoGatewaysNamespaces() throws {
        let (east, west) = (TestCloud.scope, AccountRegion(account: TestCloud.scope.account, region: "us-west-2"))
        var cloud = TestCloud()
        var gateways: [String] = [], tables: [String] = []
        for (scope, n) in [(east, 1), (west, 9)] {
            let gateway = try cloud.run(in: scope) { try $0.createTransitGateway(description: "", options: .init(), tags: [:]) }.id
            let vpc = try cloud.run(in: scope) { try $0.createVpc(cidrBlock: "10.\(n).0.0/16") }.id
            let subnet = try cloud.run(in: scope) {
                try $0.createSubnet(vpcId: vpc, cidrBlock: "10.\(n).1.0/24", availabilityZone: "\(scope.region)a")
            }.id
            try cloud.run(in: scope) {
                _ = try $0.createTransitGatewayVpcAttachment(transitGatewayId: gateway, vpcId: vpc, subnetIds: [subnet], options: .init(), tags: [:])
            }
            try cloud.run(in: scope) { _ = try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", subnetId: subnet)) }
            gateways.append(gateway)
            tables.append(cloud.state[scope].transitGateways[gateway]!.associationDefaultRouteTableId!)
        }
        let (local, peer) = (gateways[0], gateways[1])
        let peering = try cloud.run(in: east) {
            try $0.createTransitGatewayPeeringAttachment(
                transitGatewayId: local, peerTransitGatewayId: peer, peerAccountId: west.account, peerRegion: west.region, tags: [:])
        }.id
        cloud.now += TransitGatewayLifecycle.transitionTime
        #expect(DataPlaneTopology(state: cloud.state, at: cloud.now).transitGateways[local]?.peerings.isEmpty == true, "not accepted yet")
        try cloud.run(in: west) { _ = try $0.acceptTransitGatewayPeeringAttachment(peering) }
        #expect(DataPlaneTopology(state: cloud.state, at: cloud.now).transitGateways[local]?.peerings.isEmpty == true, "accepted, still pending")
        cloud.now += TransitGatewayLifecycle.transitionTime
        let eastTable = tables[0]
        try cloud.run(in: east) {
            _ = try $0.createTransitGatewayRoute(eastTable, destination: "10.9.0.0/16", attachmentId: peering, blackhole: false)
        }
        try cloud.run(in: east) { _ = try $0.associateTransitGatewayPeeringRouteTable(eastTable, attachmentId: peering) }
        let topology = DataPlaneTopology(state: cloud.state, at: cloud.now)
        #expect(topology.transitGateways[local]?.peerings == [peering: peer])
        #expect(topology.transitGateways[peer]?.peerings == [peering: local])
        #expect(topology.transitGateways[local]?.associations[peering] == eastTable)
        #expect(topology.transitGateways[peer]?.associations[peering] == nil, "the west side has not associated it")
        let routes = try #require(topology.transitGateways[local]?.routeTables[eastTable])
        #expect(routes.contains(.init(destination: IPv4CIDR("10.9.0.0/16")!, target: .attachment(peering))))
        let tablesOnHost = TransitGatewayTables(router: try #require(topology.transitGateways[local]), numbers: [eastTable: 100])
        #expect(tablesOnHost.rules.contains("iif lvpc-t\(peering.suffix(9)) lookup 100"))
    }
}
