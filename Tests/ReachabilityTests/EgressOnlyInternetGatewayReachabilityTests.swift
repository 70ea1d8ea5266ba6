import Addressing
import CloudModel
import Reachability
import TestSupport
import Testing

/// The evaluator and egress-only internet gateways: IPv6 goes out without a public address and its replies come
/// back, but nothing the internet starts comes in through one.
struct EgressOnlyInternetGatewayReachabilityTests {
    static let host = IPAddress("2001:db8:ffff:ffff::10")!

    /// A pair whose VPC A has an egress-only gateway and `::/0` routed to it from its main table.
    static func pairWithEgressOnlyRoute() throws -> (DualStackPair, gatewayId: String) {
        var pair = try DualStackPair()
        let vpcA = pair.vpcA.id
        let gateway = try pair.cloud.run { try $0.createEgressOnlyInternetGateway(vpcId: vpcA) }.id
        let table = pair.mainTable(vpcA).id
        try pair.cloud.run { try $0.createRoute(table, destination: "::/0", target: .egressOnlyInternetGateway(gateway)) }
        return (pair, gateway)
    }

    @Test func ipv6GoesOutWithoutAPublicAddress() throws {
        let (pair, gateway) = try Self.pairWithEgressOnlyRoute()
        let analysis = pair.analyze(.instance(pair.instanceA.id), .address(Self.host), Traffic(.tcp, port: 443))
        #expect(analysis.isReachable)
        #expect(analysis.forward.contains { $0.kind == .egressOnlyInternetGateway && $0.id == gateway })
        #expect(!analysis.returnPath.isEmpty)
    }

    @Test func ipv4DoesNotUseIt() throws {
        let (pair, _) = try Self.pairWithEgressOnlyRoute()
        let analysis = pair.analyze(.instance(pair.instanceA.id), .address(.v4(IPv4Address(192, 0, 2, 10))), Traffic(.tcp, port: 443))
        #expect(analysis.explanations.map(\.code) == [.noRouteToDestination])
    }

    @Test func theInternetNeverEntersThroughIt() throws {
        let (fixture, gateway) = try Self.pairWithEgressOnlyRoute()
        var pair = fixture
        let vpcA = pair.vpcA.id
        // Even with a group open to the whole IPv6 internet.
        let group = pair.defaultGroup(vpcA).id
        let permissions = [IpPermission(ipProtocol: "-1", ipv6Ranges: [(cidr: "::/0", description: nil)])]
        try pair.cloud.run { _ = try $0.authorizeSecurityGroup(.ingress, groupId: group, groupName: nil, permissions: permissions) }
        let analysis = pair.analyze(.address(Self.host), .address(pair.ipv6(of: pair.instanceA)), Traffic(.tcp, port: 22))
        #expect(analysis.explanations.map(\.code) == [.noPossibleDestination])
        #expect(analysis.explanations.first?.component.kind == .egressOnlyInternetGateway)
        #expect(analysis.explanations.first?.component.id == gateway)
    }

    @Test func aDeletedGatewayLeavesABlackhole() throws {
        let (fixture, gateway) = try Self.pairWithEgressOnlyRoute()
        var pair = fixture
        try pair.cloud.run { try $0.deleteEgressOnlyInternetGateway(gateway) }
        let analysis = pair.analyze(.instance(pair.instanceA.id), .address(Self.host), Traffic(.tcp, port: 443))
        #expect(analysis.explanations.map(\.code) == [.badStateRoute])
    }
}
