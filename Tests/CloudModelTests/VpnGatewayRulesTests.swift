import CloudModel
import Foundation
import TestSupport
import Testing

/// Virtual private gateways and customer gateways as stored resources: creation checks, one gateway per VPC and
/// one VPC per gateway, deletion only when detached, route propagation only into tables of the attached VPC.
struct VpnGatewayRulesTests {
    struct Fixture {
        var cloud = TestCloud()
        let vpc: Vpc
        let gateway: VpnGateway

        init() throws {
            vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
            gateway = try cloud.run { try $0.createVpnGateway(type: "ipsec.1") }
        }

        var current: VpnGateway { cloud.state[TestCloud.scope].vpnGateways[gateway.id]! }
        var mainTable: RouteTable { cloud.state[TestCloud.scope].routeTables.values.first { $0.tableVpcId == vpc.id && $0.isMain }! }
    }

    @Test func aNewGatewayIsAvailableWithTheDefaultAsn() throws {
        let f = try Fixture()
        #expect(f.gateway.id.hasPrefix("vgw-") && ResourceId.isWellFormed(f.gateway.id, prefix: .vpnGateway))
        #expect(f.gateway.state == .available && f.gateway.amazonSideAsn == 64512 && f.gateway.type == "ipsec.1")
        #expect(f.gateway.attachment == nil)
    }

    @Test(
        arguments: [
            ("ipsec.1", 64512, nil, nil), ("ipsec.1", 65534, "us-east-1b", nil), ("ipsec.1", 4_294_967_294, nil, nil),
            ("ipsec.1", 65535, nil, "InvalidParameterValue"), ("ipsec.1", 64511, nil, "InvalidParameterValue"),
            ("ipsec.2", 64512, nil, "InvalidParameterValue"), ("ipsec.1", 64512, "eu-west-1a", "InvalidParameterValue"),
        ] as [(String, Int, String?, String?)])
    func creationChecks(type: String, asn: Int, zone: String?, code: String?) throws {
        var cloud = TestCloud()
        #expect(cloud.error { try $0.createVpnGateway(type: type, amazonSideAsn: asn, availabilityZone: zone) }?.code == code)
    }

    @Test func attachDetachAndDelete() throws {
        var g = try Fixture()
        let (gateway, vpc) = (g.gateway.id, g.vpc.id)
        _ = try g.cloud.run { try $0.attachVpnGateway(gateway, vpcId: vpc) }
        #expect(g.current.attachment == VpnGateway.Attachment(vpcId: vpc, state: .attached))
        #expect(g.cloud.error { try $0.deleteVpnGateway(gateway) }?.code == "IncorrectState")
        #expect(g.cloud.error { try $0.deleteVpc(vpc) }?.code == "DependencyViolation")
        #expect(g.cloud.error { try $0.detachVpnGateway(gateway, vpcId: "vpc-0123456789abcdef0") }?.code == "InvalidVpnGatewayAttachment.NotFound")
        try g.cloud.run { try $0.detachVpnGateway(gateway, vpcId: vpc) }
        #expect(g.current.attachment == VpnGateway.Attachment(vpcId: vpc, state: .detached))
        #expect(g.cloud.error { try $0.detachVpnGateway(gateway, vpcId: vpc) }?.code == "InvalidVpnGatewayAttachment.NotFound")
        try g.cloud.run { try $0.deleteVpnGateway(gateway) }
        #expect(g.current.state == .deleted)
        #expect(g.cloud.error { try $0.attachVpnGateway(gateway, vpcId: vpc) }?.code == "InvalidVpnGatewayID.NotFound")
        #expect(g.current.isVisible(at: g.cloud.now))
        #expect(!g.current.isVisible(at: g.cloud.now.addingTimeInterval(3601)))
    }

    @Test func oneGatewayPerVpcAndOneVpcPerGateway() throws {
        var f = try Fixture()
        let (gateway, vpc) = (f.gateway.id, f.vpc.id)
        _ = try f.cloud.run { try $0.attachVpnGateway(gateway, vpcId: vpc) }
        let other = try f.cloud.run { try $0.createVpnGateway(type: "ipsec.1") }.id
        #expect(f.cloud.error { try $0.attachVpnGateway(other, vpcId: vpc) }?.code == "InvalidParameterValue")
        let otherVpc = try f.cloud.run { try $0.createVpc(cidrBlock: "10.1.0.0/16") }.id
        #expect(f.cloud.error { try $0.attachVpnGateway(gateway, vpcId: otherVpc) }?.code == "VpnGatewayAttachmentLimitExceeded")
        #expect(f.cloud.error { try $0.attachVpnGateway("vgw-0123456789abcdef0", vpcId: vpc) }?.code == "InvalidVpnGatewayID.NotFound")
        #expect(f.cloud.error { try $0.attachVpnGateway("vgw-x", vpcId: vpc) }?.code == "InvalidVpnGatewayId.Malformed")
    }

    @Test func propagationNeedsTheGatewayAttachedToTheTablesVpc() throws {
        var f = try Fixture()
        let (gateway, vpc, table) = (f.gateway.id, f.vpc.id, f.mainTable.id)
        #expect(f.cloud.error { try $0.enableVgwRoutePropagation(routeTableId: table, gatewayId: gateway) }?.code == "Gateway.NotAttached")
        _ = try f.cloud.run { try $0.attachVpnGateway(gateway, vpcId: vpc) }
        try f.cloud.run { try $0.enableVgwRoutePropagation(routeTableId: table, gatewayId: gateway) }
        try f.cloud.run { try $0.enableVgwRoutePropagation(routeTableId: table, gatewayId: gateway) }
        #expect(f.cloud.state.propagatingVpnGateways(of: f.mainTable) == [gateway])
        try f.cloud.run { try $0.disableVgwRoutePropagation(routeTableId: table, gatewayId: gateway) }
        #expect(f.cloud.state.propagatingVpnGateways(of: f.mainTable).isEmpty)
        try f.cloud.run { try $0.enableVgwRoutePropagation(routeTableId: table, gatewayId: gateway) }
        try f.cloud.run { try $0.detachVpnGateway(gateway, vpcId: vpc) }
        #expect(f.cloud.state.propagatingVpnGateways(of: f.mainTable).isEmpty, "detaching ends propagation")
    }

    @Test(
        arguments: [
            (Transaction.CustomerGatewayRequest(type: "ipsec.1", ipAddress: "203.0.113.1"), nil),
            (Transaction.CustomerGatewayRequest(type: "ipsec.1", ipAddress: "203.0.113.1", bgpAsn: 65001), nil),
            (Transaction.CustomerGatewayRequest(type: "ipsec.1", ipAddress: "203.0.113.1", bgpAsnExtended: 4_200_000_000), nil),
            (Transaction.CustomerGatewayRequest(type: "ipsec.1", ipAddress: "203.0.113.1", bgpAsn: 0), "InvalidParameterValue"),
            (Transaction.CustomerGatewayRequest(type: "ipsec.1", ipAddress: "203.0.113.1", bgpAsnExtended: 65000), "InvalidParameterValue"),
            (
                Transaction.CustomerGatewayRequest(type: "ipsec.1", ipAddress: "203.0.113.1", bgpAsn: 65001, bgpAsnExtended: 4_200_000_000),
                "InvalidParameterCombination"
            ),
            (Transaction.CustomerGatewayRequest(type: "ipsec.1", ipAddress: "not-an-ip"), "InvalidParameterValue"),
            (Transaction.CustomerGatewayRequest(type: "ipsec.1", ipAddress: nil), "MissingParameter"),
            (Transaction.CustomerGatewayRequest(type: "ipsec.2", ipAddress: "203.0.113.1"), "InvalidParameterValue"),
        ] as [(Transaction.CustomerGatewayRequest, String?)])
    func customerGatewayChecks(request: Transaction.CustomerGatewayRequest, code: String?) throws {
        var cloud = TestCloud()
        #expect(cloud.error { try $0.createCustomerGateway(request) }?.code == code)
    }

    @Test func anIdenticalCustomerGatewayRequestAnswersTheExistingOneAndDeletedOnesFade() throws {
        var cloud = TestCloud()
        let request = Transaction.CustomerGatewayRequest(type: "ipsec.1", ipAddress: "203.0.113.1", bgpAsn: 65001)
        let first = try cloud.run { try $0.createCustomerGateway(request) }
        #expect(first.bgpAsn == 65001 && first.state == .available && first.id.hasPrefix("cgw-"))
        #expect(try cloud.run { try $0.createCustomerGateway(request) }.id == first.id)
        #expect(try cloud.run { try $0.createCustomerGateway(.init(type: "ipsec.1", ipAddress: "203.0.113.1")) }.bgpAsn == 65000)
        try cloud.run { try $0.deleteCustomerGateway(first.id) }
        let deleted = try #require(cloud.state[TestCloud.scope].customerGateways[first.id])
        #expect(deleted.state == .deleted && deleted.isVisible(at: cloud.now) && !deleted.isVisible(at: cloud.now.addingTimeInterval(3601)))
        #expect(cloud.error { try $0.deleteCustomerGateway(first.id) }?.code == "InvalidCustomerGatewayID.NotFound")
        #expect(try cloud.run { try $0.createCustomerGateway(request) }.id != first.id, "a deleted one is not answered again")
    }
}
