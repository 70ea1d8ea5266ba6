import Addressing
import CloudModel
import Reachability
import TestSupport
import Testing

/// The evaluator and prefix lists: a route to a list matches the list's current entries by longest prefix (a route to a
/// block of the same length wins, as AWS ranks static routes before prefix list routes), and a group rule naming a list
/// allows its entries' addresses.
struct PrefixListReachabilityTests {
    /// A peered pair whose VPC B routes back to A by block and lets ICMP in from A, and a prefix list in A's account.
    static func pair(entries: [String]) throws -> (PeeredPair, listId: String) {
        var pair = try PeeredPair()
        try pair.peer(routes: (aToB: false, bToA: true))
        try pair.openGroups()
        let given = entries.map { (cidr: $0, description: String?.none) }
        let list = try pair.cloud.run {
            try $0.createManagedPrefixList(.init(name: "peer", addressFamily: "IPv4", maxEntries: 10, entries: given))
        }
        return (pair, list.id)
    }

    @Test(
        arguments: [
            // The list's entries, an extra route to a block (or none), and where the ping to B (172.16.1.x) goes.
            (["172.16.0.0/16"], nil, "peering"),
            (["172.16.1.0/24"], nil, "peering"),
            (["172.16.9.0/24"], nil, "no route"),
            // Same length: the route to the block wins over the list's entry.
            (["172.16.0.0/16"], "172.16.0.0/16", "block"),
            // The list's entry is longer: it wins over the block.
            (["172.16.1.0/24"], "172.16.0.0/16", "peering"),
            // The block is longer: it wins over the list's entry.
            (["172.16.0.0/16"], "172.16.1.0/24", "block"),
        ] as [([String], String?, String)])
    func aRouteToAListMatchesItsEntriesByLongestPrefix(entries: [String], block: String?, expected: String) throws {
        var (pair, listId) = try Self.pair(entries: entries)
        let table = pair.mainTable(pair.vpcA.id).id
        let peering = try #require(pair.peeringId)
        try pair.cloud.run { try $0.createRoute(table, destination: .prefixList(listId), target: .vpcPeeringConnection(peering)) }
        let vpcA = pair.vpcA.id
        let gateway = try pair.cloud.run { try $0.createInternetGateway() }.id
        if let block {
            try pair.cloud.run { try $0.attachInternetGateway(gateway, vpcId: vpcA) }
            try pair.cloud.run { try $0.createRoute(table, destination: block, target: .gateway(gateway)) }
        }
        let analysis = pair.ping()
        let route = analysis.forward.compactMap { component -> Route? in
            if case .route(let route, _)? = component.matched { route } else { nil }
        }.first
        switch expected {
        case "peering":
            #expect(analysis.isReachable)
            #expect(route?.destination == .prefixList(listId))
        case "block":
            #expect(!analysis.isReachable)
            #expect(route?.destination.cidr?.description == block)
        default:
            #expect(analysis.explanations.map(\.code) == [.noRouteToDestination])
        }
    }

    @Test func aRouteFollowsTheListsCurrentEntries() throws {
        var (pair, listId) = try Self.pair(entries: ["172.16.9.0/24"])
        let table = pair.mainTable(pair.vpcA.id).id
        let peering = try #require(pair.peeringId)
        try pair.cloud.run { try $0.createRoute(table, destination: .prefixList(listId), target: .vpcPeeringConnection(peering)) }
        #expect(!pair.ping().isReachable)
        _ = try pair.cloud.run { try $0.modifyManagedPrefixList(listId, .init(addEntries: [("172.16.1.0/24", nil)])) }
        #expect(pair.ping().isReachable)
    }

    @Test(
        arguments: [
            (["10.0.1.0/24"], true), (["10.0.0.0/8", "192.0.2.0/24"], true), (["10.0.2.0/24"], false), ([], false),
        ] as [([String], Bool)])
    func aGroupRuleNamingAListAllowsItsEntries(entries: [String], allowed: Bool) throws {
        var pair = try PeeredPair()
        try pair.peer()
        let given = entries.map { (cidr: $0, description: String?.none) }
        let listId = try pair.cloud.run {
            try $0.createManagedPrefixList(.init(name: "from-a", addressFamily: "IPv4", maxEntries: 5, entries: given))
        }.id
        let groupB = pair.defaultGroup(pair.vpcB.id).id
        let permissions = [IpPermission(ipProtocol: "icmp", fromPort: -1, toPort: -1, prefixListIds: [(id: listId, description: nil)])]
        try pair.cloud.run { _ = try $0.authorizeSecurityGroup(.ingress, groupId: groupB, groupName: nil, permissions: permissions) }
        let analysis = pair.ping()
        #expect(analysis.isReachable == allowed)
        if !allowed { #expect(analysis.explanations.map(\.code) == [.eniSecurityGroupRulesMismatch]) }
    }

    @Test func aRuleNamingAnAWSListAllowsTheServicesAddresses() throws {
        var pair = try PeeredPair()
        let vpcA = pair.vpcA.id
        let gateway = try pair.cloud.run { try $0.createInternetGateway() }.id
        try pair.cloud.run { try $0.attachInternetGateway(gateway, vpcId: vpcA) }
        let table = pair.mainTable(vpcA).id
        try pair.cloud.run { try $0.createRoute(table, destination: "0.0.0.0/0", target: .gateway(gateway)) }
        let instance = pair.instanceA.id
        let address = try pair.cloud.run { try $0.allocateAddress() }
        _ = try pair.cloud.run {
            try $0.associateAddress(address, instanceId: instance, networkInterfaceId: nil, privateIpAddress: nil, allowReassociation: false)
        }
        let group = pair.defaultGroup(vpcA)
        // Only HTTPS to S3 leaves: the default all-out rule goes, a rule naming AWS's S3 list comes.
        let everything = [IpPermission(ipProtocol: "-1", ipv4Ranges: [(cidr: "0.0.0.0/0", description: nil)])]
        _ = try pair.cloud.run { try $0.revokeSecurityGroup(.egress, groupId: group.id, groupName: nil, permissions: everything, ruleIds: []) }
        let s3 = try #require(AWSManagedPrefixList.forService("s3", in: TestCloud.scope.region))
        let toS3 = [IpPermission(ipProtocol: "tcp", fromPort: 443, toPort: 443, prefixListIds: [(id: s3.id, description: nil)])]
        _ = try pair.cloud.run { try $0.authorizeSecurityGroup(.egress, groupId: group.id, groupName: nil, permissions: toS3) }
        let inS3 = IPAddress.v4(IPv4Address(52, 216, 8, 1))
        let elsewhere = IPAddress.v4(IPv4Address(198, 51, 100, 7))
        #expect(pair.analyze(from: .instance(instance), to: .address(inS3), Traffic(.tcp, port: 443)).isReachable)
        #expect(
            pair.analyze(from: .instance(instance), to: .address(elsewhere), Traffic(.tcp, port: 443)).explanations.map(\.code)
                == [.eniSecurityGroupRulesMismatch])
    }
}
