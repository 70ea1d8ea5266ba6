import Addressing
import CloudModel
import Reachability
import TestSupport
import Testing

/// The evaluator on IPv6 packets: IPv6 routes, `Ipv6Ranges` and `icmpv6` rules, the ACL's IPv6 entries, and the
/// internet gateway, which carries IPv6 without a public address.
struct Ipv6ReachabilityTests {
    @Test func anIpv6PingAcrossAPeeringNeedsIpv6RoutesAndAnIpv6Rule() throws {
        var pair = try DualStackPair()
        #expect(pair.pingIpv6().explanations.map(\.code) == [.noRouteToDestination])
        try pair.routeIpv6BothWays()
        // The default group admits only its own members: the peer's IPv6 block needs a rule of its own.
        let blocked = pair.pingIpv6()
        #expect(blocked.explanations.map(\.code) == [.eniSecurityGroupRulesMismatch])
        #expect(
            blocked.explanations.first?.fix
                == .authorizeIngress(
                    groupId: pair.defaultGroup(pair.vpcB.id).id, ipProtocol: "icmpv6", fromPort: -1, toPort: -1,
                    cidr: pair.vpcA.ipv6Blocks[0].description))
        try pair.allowIngress("icmpv6", to: pair.vpcB, from: pair.vpcA.ipv6Blocks[0].description)
        let analysis = pair.pingIpv6()
        #expect(analysis.isReachable)
        #expect(analysis.forward.contains { $0.kind == .vpcPeeringConnection })
    }

    @Test(arguments: [("icmp", false), ("icmpv6", true), ("58", true), ("-1", true)])
    func anIpv6PingIsIcmpv6ToGroupRules(ipProtocol: String, reachable: Bool) throws {
        var pair = try DualStackPair()
        try pair.routeIpv6BothWays()
        try pair.allowIngress(ipProtocol, to: pair.vpcB, from: "::/0")
        #expect(pair.pingIpv6().isReachable == reachable)
    }

    @Test func anIpv4RuleDoesNotAdmitIpv6AndTheIpv4PathIsUnchanged() throws {
        var pair = try DualStackPair()
        try pair.routeIpv6BothWays()
        let group = pair.defaultGroup(pair.vpcB.id).id
        let permissions = [IpPermission(ipProtocol: "-1", ipv4Ranges: [(cidr: "0.0.0.0/0", description: nil)])]
        try pair.cloud.run { _ = try $0.authorizeSecurityGroup(.ingress, groupId: group, groupName: nil, permissions: permissions) }
        #expect(pair.analyze(.instance(pair.instanceA.id), .instance(pair.instanceB.id)).isReachable)
        #expect(pair.pingIpv6().explanations.map(\.code) == [.eniSecurityGroupRulesMismatch])
    }

    @Test func anAclWithoutIpv6EntriesBlocksIpv6() throws {
        var pair = try DualStackPair()
        try pair.routeIpv6BothWays()
        try pair.allowIngress("-1", to: pair.vpcB, from: "::/0")
        // A new ACL in B that allows all IPv4 traffic both ways, but says nothing of IPv6.
        let vpcB = pair.vpcB.id
        let acl = try pair.cloud.run { try $0.createNetworkAcl(vpcId: vpcB) }.id
        for egress in [false, true] {
            let entry = NetworkAclEntryRequest(ruleNumber: 100, egress: egress, ipProtocol: "-1", ruleAction: "allow", cidrBlock: "0.0.0.0/0")
            try pair.cloud.run { try $0.createNetworkAclEntry(acl, entry) }
        }
        let association = pair.cloud.state[TestCloud.scope].networkAcls.values.first { $0.aclVpcId == vpcB && $0.isDefault }!.associations[0].id
        try pair.cloud.run { _ = try $0.replaceNetworkAclAssociation(associationId: association, networkAclId: acl) }
        let blocked = pair.pingIpv6()
        #expect(blocked.explanations.map(\.code) == [.subnetAclRestriction])
        guard case .createAclEntry(_, _, let egress, let protocolNumber, _, let cidr) = blocked.explanations.first?.fix else {
            Issue.record("expected an ACL entry as the fix")
            return
        }
        #expect(!egress && protocolNumber == 58 && cidr.hasSuffix("/128"))
        #expect(pair.analyze(.instance(pair.instanceA.id), .instance(pair.instanceB.id)).explanations.map(\.code) != [.subnetAclRestriction])
    }

    @Test func ipv6ReachesTheInternetWithoutAPublicAddressButNeedsTheIpv6DefaultRoute() throws {
        var pair = try DualStackPair()
        let vpcA = pair.vpcA.id
        let gateway = try pair.cloud.run { try $0.createInternetGateway() }.id
        try pair.cloud.run { try $0.attachInternetGateway(gateway, vpcId: vpcA) }
        let table = pair.mainTable(vpcA).id
        let host = IPAddress("2001:db8:ffff:ffff::10")!
        // An IPv4-only default route: IPv6 has no way out.
        try pair.cloud.run { try $0.createRoute(table, destination: "0.0.0.0/0", target: .gateway(gateway)) }
        let noRoute = pair.analyze(.instance(pair.instanceA.id), .address(host), Traffic(.tcp, port: 443))
        #expect(noRoute.explanations.map(\.code) == [.noRouteToDestination])
        #expect(noRoute.explanations.first?.fix == .createRoute(routeTableId: table, destination: "::/0", target: .internetGateway(gateway)))
        try pair.cloud.run { try $0.createRoute(table, destination: "::/0", target: .gateway(gateway)) }
        #expect(pair.analyze(.instance(pair.instanceA.id), .address(host), Traffic(.tcp, port: 443)).isReachable)
        // IPv4 still needs a public address, which the instance does not have.
        let ipv4 = pair.analyze(.instance(pair.instanceA.id), .address(.v4(IPv4Address(192, 0, 2, 10))), Traffic(.tcp, port: 443))
        #expect(ipv4.explanations.map(\.code) == [.igwPublicIpAssociationForEgress])
    }

    @Test func theInternetReachesAnIpv6AddressWhenTheGroupAdmitsIt() throws {
        var pair = try DualStackPair()
        let vpcA = pair.vpcA.id
        let gateway = try pair.cloud.run { try $0.createInternetGateway() }.id
        try pair.cloud.run { try $0.attachInternetGateway(gateway, vpcId: vpcA) }
        let table = pair.mainTable(vpcA).id
        try pair.cloud.run { try $0.createRoute(table, destination: "::/0", target: .gateway(gateway)) }
        let host = PathEndpoint.address(IPAddress("2001:db8:ffff:ffff::10")!)
        let target = PathEndpoint.address(pair.ipv6(of: pair.instanceA))
        #expect(pair.analyze(host, target, Traffic(.tcp, port: 22)).explanations.map(\.code) == [.eniSecurityGroupRulesMismatch])
        let group = pair.defaultGroup(vpcA).id
        let permissions = [IpPermission(ipProtocol: "tcp", fromPort: 22, toPort: 22, ipv6Ranges: [(cidr: "::/0", description: nil)])]
        try pair.cloud.run { _ = try $0.authorizeSecurityGroup(.ingress, groupId: group, groupName: nil, permissions: permissions) }
        #expect(pair.analyze(host, target, Traffic(.tcp, port: 22)).isReachable)
    }

    @Test func aSourceWithoutIpv6CannotSendIpv6() throws {
        var pair = try DualStackPair()
        try pair.routeIpv6BothWays()
        let subnet = try pair.cloud.run { try $0.createSubnet(vpcId: pair.vpcA.id, cidrBlock: "10.0.2.0/24") }.id
        let plain = try pair.cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", subnetId: subnet)) }[0]
        let analysis = pair.analyze(.instance(plain.id), .address(pair.ipv6(of: pair.instanceB)))
        #expect(analysis.explanations.map(\.code) == [.noPossibleDestination])
    }
}
