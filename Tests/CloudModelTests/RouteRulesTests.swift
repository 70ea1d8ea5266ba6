import Addressing
import CloudModel
import TestSupport
import Testing

struct RouteRulesTests {
    /// A VPC with a subnet, a custom route table and an unattached internet gateway.
    struct Fixture {
        var cloud = TestCloud()
        let vpc: Vpc
        let subnet: Subnet
        let table: RouteTable
        let gateway: InternetGateway

        init() throws {
            vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
            let vpcId = vpc.id
            subnet = try cloud.run { try $0.createSubnet(vpcId: vpcId, cidrBlock: "10.0.1.0/24") }
            table = try cloud.run { try $0.createRouteTable(vpcId: vpcId) }
            gateway = try cloud.run { try $0.createInternetGateway() }
        }

        var currentTable: RouteTable { cloud.state[TestCloud.scope].routeTables[table.id]! }
        var mainTable: RouteTable { cloud.state[TestCloud.scope].routeTables.values.first { $0.tableVpcId == vpc.id && $0.isMain }! }
    }

    @Test func aRouteToAGatewayNeedsItAttachedToTheSameVpc() throws {
        var f = try Fixture()
        let (table, gateway, vpc) = (f.table.id, f.gateway.id, f.vpc.id)
        #expect(f.cloud.error { try $0.createRoute(table, destination: "0.0.0.0/0", target: .gateway(gateway)) }?.code == "InvalidParameterValue")
        #expect(
            f.cloud.error { try $0.createRoute(table, destination: "0.0.0.0/0", target: .gateway("igw-0123456789abcdef0")) }?.code
                == "InvalidGatewayID.NotFound")
        try f.cloud.run { try $0.attachInternetGateway(gateway, vpcId: vpc) }
        try f.cloud.run { try $0.createRoute(table, destination: "0.0.0.0/0", target: .gateway(gateway)) }
        #expect(f.cloud.error { try $0.createRoute(table, destination: "0.0.0.0/0", target: .gateway(gateway)) }?.code == "RouteAlreadyExists")
    }

    @Test func detachingTheGatewayTurnsItsRoutesBlackhole() throws {
        var f = try Fixture()
        let (table, gateway, vpc) = (f.table.id, f.gateway.id, f.vpc.id)
        try f.cloud.run { try $0.attachInternetGateway(gateway, vpcId: vpc) }
        try f.cloud.run { try $0.createRoute(table, destination: "0.0.0.0/0", target: .gateway(gateway)) }
        let route = { f.currentTable.routes.first { $0.destination.description == "0.0.0.0/0" }! }
        #expect(f.cloud.state.state(of: route(), in: f.currentTable, at: f.cloud.now) == .active)
        try f.cloud.run { try $0.detachInternetGateway(gateway, vpcId: vpc) }
        #expect(f.cloud.state.state(of: route(), in: f.currentTable, at: f.cloud.now) == .blackhole)
    }

    @Test(
        arguments: [
            // The VPC's block itself: AWS answers for the target ("equal to or more specific than one of this VPC's CIDR
            // blocks"), not RouteAlreadyExists.
            ("10.0.0.0/16", "InvalidParameterValue"), ("10.0.5.0/24", "InvalidParameterValue"), ("10.0.0.0/8", nil), ("0.0.0.0/0", nil),
            ("::/0", nil), ("10.0.0.1/8", nil), ("2001:db8::1/64", "InvalidParameterValue"), ("junk", "InvalidParameterValue"),
        ] as [(String, String?)])
    func gatewayRouteDestinations(destination: String, expectedCode: String?) throws {
        var f = try Fixture()
        let (table, gateway, vpc) = (f.table.id, f.gateway.id, f.vpc.id)
        try f.cloud.run { try $0.attachInternetGateway(gateway, vpcId: vpc) }
        #expect(f.cloud.error { try $0.createRoute(table, destination: destination, target: .gateway(gateway)) }?.code == expectedCode)
    }

    @Test func localRoutesCannotBeDeletedOrReplacedAndMissingRoutesAreReported() throws {
        var f = try Fixture()
        let (table, gateway, vpc) = (f.table.id, f.gateway.id, f.vpc.id)
        try f.cloud.run { try $0.attachInternetGateway(gateway, vpcId: vpc) }
        #expect(f.cloud.error { try $0.deleteRoute(table, destination: "10.0.0.0/16") }?.code == "InvalidParameterValue")
        #expect(f.cloud.error { try $0.replaceRoute(table, destination: "10.0.0.0/16", target: .gateway(gateway)) }?.code == "InvalidParameterValue")
        #expect(f.cloud.error { try $0.deleteRoute(table, destination: "192.168.0.0/16") }?.code == "InvalidRoute.NotFound")
        #expect(
            f.cloud.error { try $0.replaceRoute(table, destination: "192.168.0.0/16", target: .gateway(gateway)) }?.code == "InvalidParameterValue")
        #expect(
            f.cloud.error { try $0.createRoute(table, destination: "0.0.0.0/0", target: .unsupported(parameter: "InstanceId")) }?.code
                == "UnsupportedOperation")
    }

    /// A route for exactly the VPC's block meets the local route; AWS names what is wrong with the target, as for a
    /// block inside the VPC, rather than calling the route a duplicate.
    @Test func aRouteForTheVpcBlockItselfIsRefusedForItsTarget() throws {
        var f = try Fixture()
        let (table, gateway, vpc) = (f.table.id, f.gateway.id, f.vpc.id)
        try f.cloud.run { try $0.attachInternetGateway(gateway, vpcId: vpc) }
        let error = f.cloud.error { try $0.createRoute(table, destination: "10.0.0.0/16", target: .gateway(gateway)) }
        #expect(error?.code == "InvalidParameterValue")
        #expect(error?.message.hasPrefix("The destination CIDR block 10.0.0.0/16 is equal to or more specific than") == true)
    }

    @Test func aRouteToAVirtualPrivateGatewayIsUnsupportedNotMissing() throws {
        var f = try Fixture()
        let (table, vpc) = (f.table.id, f.vpc.id)
        let vgw = try f.cloud.run { try $0.createVpnGateway(type: "ipsec.1") }.id
        try f.cloud.run { try $0.attachVpnGateway(vgw, vpcId: vpc) }
        #expect(f.cloud.error { try $0.createRoute(table, destination: "172.16.0.0/12", target: .gateway(vgw)) }?.code == "UnsupportedOperation")
        #expect(
            f.cloud.error { try $0.createRoute(table, destination: "172.16.0.0/12", target: .gateway("vgw-0123456789abcdef0")) }?.code
                == "InvalidGatewayID.NotFound")
    }

    @Test func associationsMoveSubnetsAndTheMainSlot() throws {
        var f = try Fixture()
        let (table, subnet) = (f.table.id, f.subnet.id)
        let association = try f.cloud.run { try $0.associateRouteTable(table, subnetId: subnet) }
        #expect(f.cloud.error { try $0.associateRouteTable(table, subnetId: subnet) }?.code == "Resource.AlreadyAssociated")
        #expect(f.cloud.error { try $0.deleteRouteTable(table) }?.code == "DependencyViolation")
        try f.cloud.run { try $0.disassociateRouteTable(associationId: association.id) }
        #expect(f.cloud.error { try $0.disassociateRouteTable(associationId: association.id) }?.code == "InvalidAssociationID.NotFound")

        let oldMain = f.mainTable
        let mainAssociation = oldMain.associations.first { $0.main }!.id
        #expect(f.cloud.error { try $0.disassociateRouteTable(associationId: mainAssociation) }?.code == "InvalidParameterValue")
        #expect(f.cloud.error { try $0.deleteRouteTable(oldMain.id) }?.code == "DependencyViolation")
        let replaced = try f.cloud.run { try $0.replaceRouteTableAssociation(associationId: mainAssociation, routeTableId: table) }
        #expect(replaced.main && f.mainTable.id == table)
        try f.cloud.run { try $0.deleteRouteTable(oldMain.id) }
    }
}
