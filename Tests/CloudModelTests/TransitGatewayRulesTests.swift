import Addressing
import CloudModel
import Foundation
import TestSupport
import Testing

/// Transit gateways: their default route table, the states on the clock, VPC attachments and their interfaces,
/// associations and propagations, static and propagated routes, the route lookup the evaluator will use, and the
/// refusals, as AWS answers them.
struct TransitGatewayRulesTests {
    /// Three VPCs (10.1/16, 10.2/16, 10.3/16), each with a subnet in us-east-1a and one in us-east-1b, and a transit
    /// gateway with AWS's default options.
    struct Hub {
        var cloud = TestCloud()
        var vpcIds: [String] = []
        var subnetIds: [[String]] = []
        let gateway: TransitGateway

        init(options: TransitGateway.Options = .init()) throws {
            var cloud = TestCloud()
            for n in 1...3 {
                let vpcId = try cloud.run { try $0.createVpc(cidrBlock: "10.\(n).0.0/16") }.id
                vpcIds.append(vpcId)
                var subnets: [String] = []
                for (index, zone) in ["a", "b"].enumerated() {
                    subnets.append(
                        try cloud.run { try $0.createSubnet(vpcId: vpcId, cidrBlock: "10.\(n).\(index).0/24", availabilityZone: "us-east-1\(zone)") }
                            .id)
                }
                subnetIds.append(subnets)
            }
            gateway = try cloud.run { try $0.createTransitGateway(description: "hub", options: options, tags: [:]) }
            self.cloud = cloud
        }

        mutating func attach(_ n: Int, subnets: [String]? = nil) throws -> TransitGatewayAttachment {
            let (gatewayId, vpcId, subnetIds) = (gateway.id, vpcIds[n], subnets ?? subnetIds[n])
            return try cloud.run {
                try $0.createTransitGatewayVpcAttachment(transitGatewayId: gatewayId, vpcId: vpcId, subnetIds: subnetIds, options: .init(), tags: [:])
            }
        }

        var region: RegionState { cloud.state[TestCloud.scope] }
        var defaultTable: TransitGatewayRouteTable { region.transitGatewayRouteTables[gateway.associationDefaultRouteTableId!]! }
    }

    @Test func aGatewayWithDefaultsHasOneDefaultRouteTableForAssociationAndPropagation() throws {
        let hub = try Hub()
        let tableId = try #require(hub.gateway.associationDefaultRouteTableId)
        #expect(hub.gateway.propagationDefaultRouteTableId == tableId)
        #expect(hub.region.transitGatewayRouteTables[tableId]?.transitGatewayId == hub.gateway.id)
        #expect(hub.gateway.options.amazonSideAsn == 64512)
    }

    @Test func withoutDefaultsThereIsNoDefaultRouteTable() throws {
        var options = TransitGateway.Options()
        options.defaultRouteTableAssociation = false
        options.defaultRouteTablePropagation = false
        let hub = try Hub(options: options)
        #expect(hub.gateway.associationDefaultRouteTableId == nil && hub.gateway.propagationDefaultRouteTableId == nil)
        #expect(hub.region.transitGatewayRouteTables.isEmpty)
    }

    @Test(arguments: [(0.0, "pending"), (4.9, "pending"), (5.0, "available"), (3600.0, "available")])
    func aGatewayIsPendingThenAvailable(after seconds: Double, state: String) throws {
        let hub = try Hub()
        #expect(hub.gateway.state(at: hub.cloud.now.addingTimeInterval(seconds)).rawValue == state)
    }

    @Test func aDeletedGatewayIsDeletingThenDeletedThenGone() throws {
        var hub = try Hub()
        let id = hub.gateway.id
        let deleted = try hub.cloud.run { try $0.deleteTransitGateway(id) }
        let at = hub.cloud.now
        #expect(deleted.state(at: at) == .deleting)
        #expect(deleted.state(at: at.addingTimeInterval(10)) == .deleted && deleted.isVisible(at: at.addingTimeInterval(10)))
        #expect(!deleted.isVisible(at: at.addingTimeInterval(TransitGatewayLifecycle.visibleAfterDelete + 10)))
        // Its default route table goes with it, and a deleted gateway is not found again.
        #expect(hub.defaultTable.isLive == false)
        #expect(hub.cloud.error { try $0.deleteTransitGateway(id) }?.code == "InvalidTransitGatewayID.NotFound")
    }

    @Test func anAttachmentHoldsARequesterManagedInterfaceInEachZone() throws {
        var hub = try Hub()
        let attachment = try hub.attach(0)
        #expect(attachment.subnetIds == hub.subnetIds[0])
        for member in attachment.subnetInterfaces {
            let interface = try #require(hub.region.networkInterfaces[member.networkInterfaceId])
            #expect(interface.interfaceType == .transitGateway && interface.requesterManaged && interface.status == "in-use")
            #expect(interface.interfaceDescription == "Network Interface for Transit Gateway Attachment \(attachment.id)")
            #expect(interface.subnetId == member.subnetId)
        }
        #expect(attachment.interface(inZone: "us-east-1b")?.subnetId == hub.subnetIds[0][1])
        #expect(attachment.interface(inZone: "us-east-1c") == nil)
        // AWS's default route table: associated, and propagating the VPC's CIDR.
        #expect(attachment.associatedRouteTableId == hub.gateway.associationDefaultRouteTableId)
        #expect(hub.defaultTable.propagatingAttachmentIds == [attachment.id])
    }

    @Test func deletingAnAttachmentFreesItsInterfacesAndEndsItsAssociationAndPropagation() throws {
        var hub = try Hub()
        let attachment = try hub.attach(0)
        let deleted = try hub.cloud.run { try $0.deleteTransitGatewayVpcAttachment(attachment.id) }
        #expect(deleted.associatedRouteTableId == nil && !deleted.isLive)
        for id in attachment.subnetInterfaces.map(\.networkInterfaceId) { #expect(hub.region.networkInterfaces[id] == nil) }
        #expect(hub.defaultTable.propagatingAttachmentIds.isEmpty)
        // Now the subnet, the VPC and the gateway can go.
        let (subnetId, gatewayId) = (hub.subnetIds[0][0], hub.gateway.id)
        #expect(hub.cloud.error { try $0.deleteSubnet(subnetId) } == nil)
        #expect(hub.cloud.error { try $0.deleteTransitGateway(gatewayId) } == nil)
    }

    /// The refusals of CreateTransitGatewayVpcAttachment and of what an attachment blocks.
    @Test(arguments: [
        "DuplicateSubnetsInSameZone", "InvalidParameterValue", "DuplicateTransitGatewayAttachment", "InvalidTransitGatewayID.NotFound",
        "InvalidSubnetID.NotFound", "IncorrectState", "DependencyViolation.vpc", "DependencyViolation.subnet",
    ])
    func attachmentRefusals(code: String) throws {
        var hub = try Hub()
        let (gatewayId, vpcId, subnets) = (hub.gateway.id, hub.vpcIds[0], hub.subnetIds[0])
        var attach: (inout Transaction) throws -> Void = { _ in }
        func attaching(gateway: String = gatewayId, _ subnetIds: [String]) -> (inout Transaction) throws -> Void {
            {
                _ = try $0.createTransitGatewayVpcAttachment(
                    transitGatewayId: gateway, vpcId: vpcId, subnetIds: subnetIds, options: .init(), tags: [:])
            }
        }
        var expected = code
        switch code {
        case "DuplicateSubnetsInSameZone":
            let extra = try hub.cloud.run { try $0.createSubnet(vpcId: vpcId, cidrBlock: "10.1.9.0/24", availabilityZone: "us-east-1a") }.id
            attach = attaching([subnets[0], extra])
        case "InvalidParameterValue": attach = attaching([subnets[0], hub.subnetIds[1][1]])
        case "DuplicateTransitGatewayAttachment":
            _ = try hub.attach(0)
            attach = attaching([subnets[0]])
        case "InvalidTransitGatewayID.NotFound": attach = attaching(gateway: "tgw-0123456789abcdef0", [subnets[0]])
        case "InvalidSubnetID.NotFound": attach = attaching(["subnet-0123456789abcdef0"])
        case "IncorrectState":
            _ = try hub.attach(0)
            attach = { _ = try $0.deleteTransitGateway(gatewayId) }
        case "DependencyViolation.vpc":
            _ = try hub.attach(0)
            attach = { try $0.deleteVpc(vpcId) }
            expected = "DependencyViolation"
        default:
            _ = try hub.attach(0)
            attach = { try $0.deleteSubnet(subnets[0]) }
            expected = "DependencyViolation"
        }
        let before = hub.cloud.state
        #expect(hub.cloud.error(attach)?.code == expected)
        #expect(hub.cloud.state == before, "a refused call changes nothing")
    }

    @Test func propagatedRoutesCarryEachAttachedVpcsCidr() throws {
        var hub = try Hub()
        let attachments = try (0..<3).map { try hub.attach($0) }
        let routes = hub.cloud.state.transitGatewayRoutes(of: hub.defaultTable, at: hub.cloud.now)
        #expect(routes.map(\.destination.description) == ["10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16"])
        #expect(routes.allSatisfy { $0.type == .propagated && $0.state == .active })
        #expect(routes.map(\.attachmentId) == attachments.map(\.id))
        #expect(routes.map(\.resourceId) == hub.vpcIds)
    }

    /// Longest prefix first; for the same prefix a static route wins over a propagated one; blackholes drop.
    @Test(arguments: [
        ("10.2.7.7", "10.2.7.0/24", "static", "blackhole"),
        ("10.2.1.1", "10.2.0.0/16", "static", "active"),
        ("10.1.0.5", "10.1.0.0/16", "propagated", "active"),
        ("10.3.0.5", "10.3.0.0/16", "propagated", "active"),
        ("192.168.0.1", "0.0.0.0/0", "static", "active"),
    ])
    func theRouteForAnAddress(address: String, destination: String, type: String, state: String) throws {
        var hub = try Hub()
        let attachments = try (0..<3).map { try hub.attach($0) }
        let tableId = hub.defaultTable.id
        try hub.cloud.run {
            // The same prefix as VPC 2's propagated route, but to VPC 3: static wins.
            _ = try $0.createTransitGatewayRoute(tableId, destination: "10.2.0.0/16", attachmentId: attachments[2].id, blackhole: false)
            _ = try $0.createTransitGatewayRoute(tableId, destination: "10.2.7.0/24", attachmentId: nil, blackhole: true)
            _ = try $0.createTransitGatewayRoute(tableId, destination: "0.0.0.0/0", attachmentId: attachments[0].id, blackhole: false)
        }
        let ip = try #require(IPv4Address(address))
        let route = try #require(hub.cloud.state.transitGatewayRoute(for: ip, in: hub.defaultTable, at: hub.cloud.now))
        #expect(route.destination.description == destination && route.type.rawValue == type && route.state.rawValue == state)
        if destination == "10.2.0.0/16" { #expect(route.attachmentId == attachments[2].id) }
        // The static route hides the propagated one of the same prefix in the table's list.
        #expect(
            hub.cloud.state.transitGatewayRoutes(of: hub.defaultTable, at: hub.cloud.now).filter { $0.destination.description == "10.2.0.0/16" }.count
                == 1)
    }

    @Test func aStaticRouteToADeletedAttachmentIsABlackhole() throws {
        var hub = try Hub()
        let attachment = try hub.attach(1)
        let tableId = hub.defaultTable.id
        try hub.cloud.run {
            _ = try $0.createTransitGatewayRoute(tableId, destination: "172.16.0.0/12", attachmentId: attachment.id, blackhole: false)
        }
        try hub.cloud.run { _ = try $0.deleteTransitGatewayVpcAttachment(attachment.id) }
        let routes = hub.cloud.state.transitGatewayRoutes(of: hub.defaultTable, at: hub.cloud.now)
        #expect(routes.count == 1 && routes[0].state == .blackhole && routes[0].type == .static)
    }

    @Test func isolationWithTwoRouteTables() throws {
        var options = TransitGateway.Options()
        options.defaultRouteTableAssociation = false
        options.defaultRouteTablePropagation = false
        var hub = try Hub(options: options)
        let (a, b, shared) = (try hub.attach(0), try hub.attach(1), try hub.attach(2))
        let gatewayId = hub.gateway.id
        let (spokes, services) = try hub.cloud.run {
            (
                try $0.createTransitGatewayRouteTable(transitGatewayId: gatewayId, tags: [:]),
                try $0.createTransitGatewayRouteTable(transitGatewayId: gatewayId, tags: [:])
            )
        }
        try hub.cloud.run {
            // Spokes reach only the shared VPC; the shared VPC reaches both spokes.
            _ = try $0.associateTransitGatewayRouteTable(spokes.id, attachmentId: a.id)
            _ = try $0.associateTransitGatewayRouteTable(spokes.id, attachmentId: b.id)
            _ = try $0.associateTransitGatewayRouteTable(services.id, attachmentId: shared.id)
            _ = try $0.enableTransitGatewayRouteTablePropagation(spokes.id, attachmentId: shared.id)
            _ = try $0.enableTransitGatewayRouteTablePropagation(services.id, attachmentId: a.id)
            _ = try $0.enableTransitGatewayRouteTablePropagation(services.id, attachmentId: b.id)
        }
        let state = hub.cloud.state
        let now = hub.cloud.now
        let tableOfA = try #require(
            state.transitGatewayRouteTable(associatedWith: state.get(TransitGatewayAttachment.self, a.id, in: TestCloud.scope)!))
        #expect(tableOfA.id == spokes.id)
        #expect(state.transitGatewayRoute(for: IPv4Address("10.2.0.9")!, in: tableOfA, at: now) == nil)
        #expect(state.transitGatewayRoute(for: IPv4Address("10.3.0.9")!, in: tableOfA, at: now)?.attachmentId == shared.id)
        let tableOfShared = try #require(state.get(TransitGatewayRouteTable.self, services.id, in: TestCloud.scope))
        #expect(state.transitGatewayRoute(for: IPv4Address("10.2.0.9")!, in: tableOfShared, at: now)?.attachmentId == b.id)
    }

    /// The refusals of route tables, associations, propagations and routes.
    @Test(arguments: [
        "Resource.AlreadyAssociated", "InvalidAssociation.NotFound", "TransitGatewayRouteTablePropagation.Duplicate", "RouteAlreadyExists",
        "InvalidRoute.NotFound", "IncorrectState", "MissingParameter", "InvalidParameterCombination", "InvalidParameterValue",
        "InvalidRouteTableID.NotFound",
    ])
    func routingRefusals(code: String) throws {
        var hub = try Hub()
        let attachment = try hub.attach(0)
        let tableId = hub.defaultTable.id
        let gatewayId = hub.gateway.id
        let other = try hub.cloud.run { try $0.createTransitGatewayRouteTable(transitGatewayId: gatewayId, tags: [:]) }.id
        let command: (inout Transaction) throws -> Void =
            switch code {
            case "Resource.AlreadyAssociated": { _ = try $0.associateTransitGatewayRouteTable(other, attachmentId: attachment.id) }
            case "InvalidAssociation.NotFound": { _ = try $0.disassociateTransitGatewayRouteTable(other, attachmentId: attachment.id) }
            case "TransitGatewayRouteTablePropagation.Duplicate":
                { _ = try $0.enableTransitGatewayRouteTablePropagation(tableId, attachmentId: attachment.id) }
            case "RouteAlreadyExists":
                {
                    _ = try $0.createTransitGatewayRoute(tableId, destination: "10.9.0.0/16", attachmentId: nil, blackhole: true)
                    _ = try $0.createTransitGatewayRoute(tableId, destination: "10.9.0.0/16", attachmentId: attachment.id, blackhole: false)
                }
            case "InvalidRoute.NotFound": { _ = try $0.deleteTransitGatewayRoute(tableId, destination: "10.1.0.0/16") }
            case "IncorrectState": { _ = try $0.deleteTransitGatewayRouteTable(tableId) }
            case "MissingParameter":
                { _ = try $0.createTransitGatewayRoute(tableId, destination: "10.9.0.0/16", attachmentId: nil, blackhole: false) }
            case "InvalidParameterCombination":
                {
                    _ = try $0.createTransitGatewayRoute(tableId, destination: "10.9.0.0/16", attachmentId: attachment.id, blackhole: true)
                }
            case "InvalidParameterValue":
                { _ = try $0.createTransitGatewayRoute(tableId, destination: "10.9.0.1/16", attachmentId: nil, blackhole: true) }
            default: { _ = try $0.associateTransitGatewayRouteTable("tgw-rtb-0123456789abcdef0", attachmentId: attachment.id) }
            }
        let before = hub.cloud.state
        #expect(hub.cloud.error(command)?.code == code)
        #expect(hub.cloud.state == before)
    }

    @Test func searchFilters() throws {
        var hub = try Hub()
        let attachments = try (0..<3).map { try hub.attach($0) }
        let tableId = hub.defaultTable.id
        try hub.cloud.run {
            _ = try $0.createTransitGatewayRoute(tableId, destination: "10.1.5.0/24", attachmentId: nil, blackhole: true)
            _ = try $0.createTransitGatewayRoute(tableId, destination: "0.0.0.0/0", attachmentId: attachments[1].id, blackhole: false)
        }
        func search(_ name: String, _ values: [String]) throws -> [String] {
            try hub.cloud.state.searchTransitGatewayRoutes(
                tableId, filters: [Filter(name: name, values: values)], in: TestCloud.scope, at: hub.cloud.now
            )
            .map(\.destination.description)
        }
        #expect(try search("type", ["static"]) == ["0.0.0.0/0", "10.1.5.0/24"])
        #expect(try search("state", ["blackhole"]) == ["10.1.5.0/24"])
        #expect(try search("route-search.exact-match", ["10.2.0.0/16"]) == ["10.2.0.0/16"])
        #expect(try search("route-search.longest-prefix-match", ["10.1.5.9/32"]) == ["10.1.5.0/24"])
        #expect(try search("route-search.subnet-of-match", ["10.1.0.0/16"]) == ["10.1.0.0/16", "10.1.5.0/24"])
        #expect(try search("route-search.supernet-of-match", ["10.1.5.0/28"]) == ["0.0.0.0/0", "10.1.0.0/16", "10.1.5.0/24"])
        #expect(try search("attachment.transit-gateway-attachment-id", [attachments[2].id]) == ["10.3.0.0/16"])
        #expect(try search("attachment.resource-id", [hub.vpcIds[0]]) == ["10.1.0.0/16"])
        #expect(throws: EC2Error.self) { try search("bogus", ["x"]) }
    }
}
