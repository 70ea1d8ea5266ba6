import Addressing
import CloudModel
import TestSupport
import Testing

/// Egress-only internet gateways: made for one VPC, idempotent by client token, IPv6 routes only, and a VPC
/// keeps its dependency on one until it is deleted.
struct EgressOnlyInternetGatewayRulesTests {
    /// A dual-stack VPC with a custom route table.
    struct Fixture {
        var cloud = TestCloud()
        let vpc: Vpc
        let table: RouteTable

        init() throws {
            vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16", amazonProvidedIpv6CidrBlock: true) }
            let vpcId = vpc.id
            table = try cloud.run { try $0.createRouteTable(vpcId: vpcId) }
        }

        var currentTable: RouteTable { cloud.state[TestCloud.scope].routeTables[table.id]! }
    }

    @Test func aGatewayIsMadeForItsVpcWithAnEigwId() throws {
        var f = try Fixture()
        let vpcId = f.vpc.id
        let gateway = try f.cloud.run { try $0.createEgressOnlyInternetGateway(vpcId: vpcId) }
        #expect(ResourceId.isWellFormed(gateway.id, prefix: .egressOnlyInternetGateway))
        #expect(gateway.id.hasPrefix("eigw-") && gateway.id.count == 22)
        #expect(gateway.gatewayVpcId == vpcId)
        #expect(f.cloud.state[TestCloud.scope].egressOnlyInternetGateways[gateway.id] == gateway)
    }

    @Test(
        arguments: [
            ("vpc-0123456789abcdef0", "InvalidVpcID.NotFound"), ("vpc-nope", "InvalidVpcID.Malformed"),
        ])
    func theVpcMustExist(vpcId: String, code: String) throws {
        var f = try Fixture()
        #expect(f.cloud.error { try $0.createEgressOnlyInternetGateway(vpcId: vpcId) }?.code == code)
    }

    @Test func aRepeatedClientTokenAnswersTheFirstGateway() throws {
        var f = try Fixture()
        let vpcId = f.vpc.id
        let first = try f.cloud.run { try $0.createEgressOnlyInternetGateway(vpcId: vpcId, clientToken: "token-1") }
        let again = try f.cloud.run { try $0.createEgressOnlyInternetGateway(vpcId: vpcId, clientToken: "token-1") }
        #expect(again == first)
        #expect(f.cloud.state[TestCloud.scope].egressOnlyInternetGateways.count == 1)
        let other = try f.cloud.run { try $0.createVpc(cidrBlock: "10.1.0.0/16") }.id
        #expect(
            f.cloud.error { try $0.createEgressOnlyInternetGateway(vpcId: other, clientToken: "token-1") }?.code == "IdempotentParameterMismatch")
    }

    @Test(
        arguments: [
            ("eigw-0123456789abcdef0", "InvalidEgressOnlyInternetGatewayId.NotFound"),
            ("eigw-zz", "InvalidEgressOnlyInternetGatewayId.Malformed"),
            ("igw-0123456789abcdef0", "InvalidEgressOnlyInternetGatewayId.Malformed"),
        ])
    func deletingAnUnknownGatewayFails(id: String, code: String) throws {
        var f = try Fixture()
        #expect(f.cloud.error { try $0.deleteEgressOnlyInternetGateway(id) }?.code == code)
    }

    @Test(
        arguments: [
            ("::/0", nil), ("2600:1f18::/32", nil), ("0.0.0.0/0", "InvalidParameterValue"),
        ] as [(String, String?)])
    func routesToItTakeIpv6DestinationsOnly(destination: String, code: String?) throws {
        var f = try Fixture()
        let (vpcId, table) = (f.vpc.id, f.table.id)
        let gateway = try f.cloud.run { try $0.createEgressOnlyInternetGateway(vpcId: vpcId) }.id
        #expect(f.cloud.error { try $0.createRoute(table, destination: destination, target: .egressOnlyInternetGateway(gateway)) }?.code == code)
    }

    @Test func aRouteInsideTheVpcIpv6BlockIsRefused() throws {
        var f = try Fixture()
        let (vpcId, table) = (f.vpc.id, f.table.id)
        let gateway = try f.cloud.run { try $0.createEgressOnlyInternetGateway(vpcId: vpcId) }.id
        // The VPC's IPv6 block itself meets the local route; AWS names what is wrong with the target, as inside it.
        let block = f.vpc.ipv6Blocks[0].description
        #expect(
            f.cloud.error { try $0.createRoute(table, destination: block, target: .egressOnlyInternetGateway(gateway)) }?.code
                == "InvalidParameterValue")
    }

    @Test func aGatewayOfAnotherVpcIsRefused() throws {
        var f = try Fixture()
        let table = f.table.id
        let other = try f.cloud.run { try $0.createVpc(cidrBlock: "10.1.0.0/16") }.id
        let gateway = try f.cloud.run { try $0.createEgressOnlyInternetGateway(vpcId: other) }.id
        #expect(
            f.cloud.error { try $0.createRoute(table, destination: "::/0", target: .egressOnlyInternetGateway(gateway)) }?.code
                == "InvalidParameterValue")
        #expect(
            f.cloud.error { try $0.createRoute(table, destination: "::/0", target: .egressOnlyInternetGateway("eigw-0123456789abcdef0")) }?.code
                == "InvalidEgressOnlyInternetGatewayId.NotFound")
    }

    @Test func replaceRouteCanPointAtIt() throws {
        var f = try Fixture()
        let (vpcId, table) = (f.vpc.id, f.table.id)
        let internet = try f.cloud.run { try $0.createInternetGateway() }.id
        try f.cloud.run { try $0.attachInternetGateway(internet, vpcId: vpcId) }
        try f.cloud.run { try $0.createRoute(table, destination: "::/0", target: .gateway(internet)) }
        let gateway = try f.cloud.run { try $0.createEgressOnlyInternetGateway(vpcId: vpcId) }.id
        try f.cloud.run { try $0.replaceRoute(table, destination: "::/0", target: .egressOnlyInternetGateway(gateway)) }
        let route = f.currentTable.routes.first { $0.destination.description == "::/0" }!
        #expect(route.target == .egressOnlyInternetGateway(gateway))
        #expect(route.target.egressOnlyInternetGatewayId == gateway && route.target.gatewayId == nil)
    }

    @Test func deletingTheGatewayTurnsItsRoutesBlackhole() throws {
        var f = try Fixture()
        let (vpcId, table) = (f.vpc.id, f.table.id)
        let gateway = try f.cloud.run { try $0.createEgressOnlyInternetGateway(vpcId: vpcId) }.id
        try f.cloud.run { try $0.createRoute(table, destination: "::/0", target: .egressOnlyInternetGateway(gateway)) }
        let route = { f.currentTable.routes.first { $0.destination.description == "::/0" }! }
        #expect(f.cloud.state.state(of: route(), in: f.currentTable, at: f.cloud.now) == .active)
        try f.cloud.run { try $0.deleteEgressOnlyInternetGateway(gateway) }
        #expect(f.cloud.state.state(of: route(), in: f.currentTable, at: f.cloud.now) == .blackhole)
    }

    @Test func aVpcWithAGatewayCannotBeDeleted() throws {
        var f = try Fixture()
        let (vpcId, table) = (f.vpc.id, f.table.id)
        try f.cloud.run { try $0.deleteRouteTable(table) }
        let gateway = try f.cloud.run { try $0.createEgressOnlyInternetGateway(vpcId: vpcId) }.id
        #expect(f.cloud.error { try $0.deleteVpc(vpcId) }?.code == "DependencyViolation")
        try f.cloud.run { try $0.deleteEgressOnlyInternetGateway(gateway) }
        try f.cloud.run { try $0.deleteVpc(vpcId) }
    }

    @Test func itTakesTagsAtCreationAndFromCreateTags() throws {
        var f = try Fixture()
        let vpcId = f.vpc.id
        let spec = TagSpecification(resourceType: "egress-only-internet-gateway", tags: [Tag(key: "Name", value: "out")])
        let gateway = try f.cloud.run { try $0.createEgressOnlyInternetGateway(vpcId: vpcId, tagSpecifications: [spec]) }.id
        try f.cloud.run { try $0.createTags(resourceIds: [gateway], tags: [Tag(key: "team", value: "net")]) }
        #expect(f.cloud.state[TestCloud.scope].egressOnlyInternetGateways[gateway]?.tags == ["Name": "out", "team": "net"])
        let wrongType = TagSpecification(resourceType: "internet-gateway", tags: [Tag(key: "Name", value: "x")])
        #expect(f.cloud.error { try $0.createEgressOnlyInternetGateway(vpcId: vpcId, tagSpecifications: [wrongType]) } != nil)
    }
}
