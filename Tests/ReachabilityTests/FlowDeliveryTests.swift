import Addressing
import CloudModel
import Reachability
import TestSupport
import Testing

/// Where an accepted first packet goes, and the addresses it carries there: across a peering unchanged, in from the
/// internet to the private address behind a public one, out to the internet as the public address or the NAT's.
struct FlowDeliveryTests {
    static let host = IPAddress.v4(IPv4Address(203, 0, 113, 7))
    static let sshFromEverywhere = IpPermission(
        ipProtocol: "tcp", fromPort: 22, toPort: 22, ipv4Ranges: [(cidr: "0.0.0.0/0", description: nil)])

    @Test func crossingAPeeringKeepsTheSourceAndNamesThePeering() throws {
        var pair = try PeeredPair()
        try pair.peer()
        try pair.openGroups()
        let verdict = pair.connect()
        guard case .networkInterface(let id, let vpcId, let address, let crossing)? = verdict.delivery else {
            Issue.record("expected a delivery to B's interface, got \(verdict)")
            return
        }
        #expect(id == pair.instanceB.primaryNetworkInterfaceId && vpcId == pair.vpcB.id && address == pair.address(of: pair.instanceB))
        #expect(crossing == pair.peeringId.map(FlowVerdict.Crossing.vpcPeeringConnection) && pair.peeringId != nil)
        #expect(verdict.blockedBy == nil && verdict.blockedDirection == nil)
    }

    @Test func fromTheInternetAnElasticIpLeadsToThePrivateAddressBehindIt() throws {
        var pair = try PeeredPair()
        let vpcA = pair.vpcA.id
        try pair.attachInternetGateway(to: vpcA)
        let elasticIp = try pair.associateElasticIp(to: pair.instanceA)
        let packet = FlowPacket(
            source: Self.host, destination: .v4(elasticIp.publicIp), ipProtocol: FlowPacket.tcp, sourcePort: 50000, destinationPort: 22)
        #expect(pair.evaluator.decide(packet, from: .internet(vpcId: vpcA)).blockedBy == .eniSecurityGroupRulesMismatch)
        try pair.authorize(.ingress, Self.sshFromEverywhere, in: vpcA)
        let verdict = pair.evaluator.decide(packet, from: .internet(vpcId: vpcA))
        #expect(
            verdict.delivery
                == .networkInterface(
                    id: pair.instanceA.primaryNetworkInterfaceId, vpcId: vpcA, address: pair.address(of: pair.instanceA), crossing: nil))
        #expect(pair.analyze(from: .address(Self.host), to: .address(.v4(elasticIp.publicIp)), Traffic(.tcp, port: 22)).isReachable)
        // The address is not behind another VPC's gateway.
        #expect(pair.evaluator.decide(packet, from: .internet(vpcId: pair.vpcB.id)).blockedBy == .noPossibleDestination)
    }

    @Test func toTheInternetTheSourceBecomesThePublicAddress() throws {
        var pair = try PeeredPair()
        let gateway = try pair.attachInternetGateway(to: pair.vpcA.id)
        let server = IPAddress.v4(IPv4Address(198, 51, 100, 20))
        let withoutAddress = pair.decide(from: pair.instanceA, to: server, FlowPacket.tcp, port: 443)
        #expect(withoutAddress.delivery == nil && withoutAddress.blockedBy == .igwPublicIpAssociationForEgress)
        let elasticIp = try pair.associateElasticIp(to: pair.instanceA)
        let verdict = pair.decide(from: pair.instanceA, to: server, FlowPacket.tcp, port: 443)
        #expect(verdict.delivery == .internet(gateway: .internetGateway, gatewayId: gateway, translatedSource: .v4(elasticIp.publicIp)))
        #expect(verdict.tracked, "the default group admits no reply from everywhere")
    }

    /// One of our own public addresses is on the internet too: out through A's gateway as A's public address, then in
    /// through B's gateway, decided again there.
    @Test func anotherInstancesPublicAddressIsReachedThroughTheInternet() throws {
        var pair = try PeeredPair()
        let (vpcA, vpcB) = (pair.vpcA.id, pair.vpcB.id)
        let gatewayA = try pair.attachInternetGateway(to: vpcA)
        try pair.attachInternetGateway(to: vpcB)
        let addressA = try pair.associateElasticIp(to: pair.instanceA)
        let addressB = try pair.associateElasticIp(to: pair.instanceB)
        try pair.authorize(.ingress, Self.sshFromEverywhere, in: vpcB)
        let out = pair.decide(from: pair.instanceA, to: .v4(addressB.publicIp), FlowPacket.tcp, port: 22)
        #expect(out.delivery == .internet(gateway: .internetGateway, gatewayId: gatewayA, translatedSource: .v4(addressA.publicIp)))
        #expect(pair.analyze(from: .instance(pair.instanceA.id), to: .address(.v4(addressB.publicIp)), Traffic(.tcp, port: 22)).isReachable)
        let back = FlowPacket(
            source: .v4(addressA.publicIp), destination: .v4(addressB.publicIp), ipProtocol: FlowPacket.tcp, sourcePort: 40000, destinationPort: 22)
        #expect(
            pair.evaluator.decide(back, from: .internet(vpcId: vpcB)).delivery
                == .networkInterface(
                    id: pair.instanceB.primaryNetworkInterfaceId, vpcId: vpcB, address: pair.address(of: pair.instanceB), crossing: nil))
    }

    @Test func throughANatGatewayTheSourceBecomesTheNatsAddress() throws {
        let f = try NatGatewayReachabilityTests.PrivateSubnetBehindNat()
        let publicIp = try #require(f.cloud.state[TestCloud.scope].natGateways[f.gateway.id]?.primaryPublicIp)
        let verdict = f.decide(FlowPacket.tcp, port: 443)
        #expect(verdict.delivery == .internet(gateway: .natGateway, gatewayId: f.gateway.id, translatedSource: .v4(publicIp)))
        #expect(f.decide(FlowPacket.icmp, port: 8).isAccepted)
        let gre = f.decide(47, port: 0)
        #expect(gre.delivery == nil && gre.blockedBy == .protocolRestriction, "a NAT gateway carries TCP, UDP and ICMP only")
    }

    @Test func anIcmpv6EchoCrossesThePeeringToTheIpv6Address() throws {
        var pair = try DualStackPair()
        try pair.routeIpv6BothWays()
        try pair.allowIngress("icmpv6", to: pair.vpcB, from: pair.vpcA.ipv6Blocks[0].description)
        let interfaceA = pair.cloud.state[TestCloud.scope].networkInterfaces[pair.instanceA.primaryNetworkInterfaceId]!
        let evaluator = Evaluator(state: pair.cloud.state, scope: TestCloud.scope, at: pair.cloud.now)
        let echo = FlowPacket(
            source: pair.ipv6(of: pair.instanceA), destination: pair.ipv6(of: pair.instanceB), ipProtocol: FlowPacket.icmpv6, destinationPort: 128)
        let verdict = evaluator.decide(echo, from: .networkInterface(interfaceA.id))
        #expect(
            verdict.delivery
                == .networkInterface(
                    id: pair.instanceB.primaryNetworkInterfaceId, vpcId: pair.vpcB.id, address: pair.ipv6(of: pair.instanceB),
                    crossing: .vpcPeeringConnection(pair.peeringId)))
        #expect(verdict.tracked)
        #expect(pair.pingIpv6().isReachable)
        var icmpOverIpv6 = echo
        icmpOverIpv6.ipProtocol = FlowPacket.icmp
        #expect(evaluator.decide(icmpOverIpv6, from: .networkInterface(interfaceA.id)).blockedBy == .protocolRestriction)
    }

    /// From the internet, an IPv6 address is reached through an internet gateway, never through an egress-only one.
    @Test func fromTheInternetIpv6EntersThroughAnInternetGatewayOnly() throws {
        var pair = try DualStackPair()
        let vpcA = pair.vpcA.id
        let group = pair.defaultGroup(vpcA).id
        let permissions = [IpPermission(ipProtocol: "tcp", fromPort: 22, toPort: 22, ipv6Ranges: [(cidr: "::/0", description: nil)])]
        try pair.cloud.run { _ = try $0.authorizeSecurityGroup(.ingress, groupId: group, groupName: nil, permissions: permissions) }
        let egressOnly = try pair.cloud.run { try $0.createEgressOnlyInternetGateway(vpcId: vpcA) }.id
        let table = pair.mainTable(vpcA).id
        try pair.cloud.run { try $0.createRoute(table, destination: "::/0", target: .egressOnlyInternetGateway(egressOnly)) }
        let host = IPAddress("2001:db8:ffff:ffff::10")!
        let packet = FlowPacket(
            source: host, destination: pair.ipv6(of: pair.instanceA), ipProtocol: FlowPacket.tcp, sourcePort: 50000, destinationPort: 22)
        func decide() -> FlowVerdict {
            Evaluator(state: pair.cloud.state, scope: TestCloud.scope, at: pair.cloud.now).decide(packet, from: .internet(vpcId: vpcA))
        }
        #expect(decide().blockedBy == .noPossibleDestination)
        let gateway = try pair.cloud.run { try $0.createInternetGateway() }.id
        try pair.cloud.run { try $0.attachInternetGateway(gateway, vpcId: vpcA) }
        try pair.cloud.run { try $0.replaceRoute(table, destination: "::/0", target: .gateway(gateway)) }
        #expect(
            decide().delivery
                == .networkInterface(
                    id: pair.instanceA.primaryNetworkInterfaceId, vpcId: vpcA, address: pair.ipv6(of: pair.instanceA), crossing: nil))
    }
}
