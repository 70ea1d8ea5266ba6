public import Addressing
public import CloudModel

extension PeeredPair {
    /// One change to the peered pair, each breaking A's traffic to B in its own way (the explanation-code table), and
    /// the base case where nothing is broken. Shared so that the analysis and real packets walk the same table.
    public enum Scenario: String, CaseIterable, Sendable {
        case reachable
        case noRoutes, pendingPeering, deletedPeering, stoppedDestination, noIngressRule, noEgressRules, aclDenyIn, aclDenyReply
        case nothingAtTheAddress, wrongPeerByLongestPrefix
    }

    /// What A sends in a scenario: an ICMP echo request, or TCP to a port, to B's instance or to an address.
    public struct Probe: Sendable {
        /// B's instance, or nil when the scenario aims at an address where there is none.
        public let instanceId: String?
        /// B's primary private address, or the scenario's address.
        public let destination: IPAddress
        /// TCP to this port; nil is an ICMP echo request.
        public let tcpPort: Int?
    }

    /// The pair set up as `scenario` says (peered, routed both ways and groups open, but for the one change), and
    /// what A sends in it.
    public static func make(_ scenario: Scenario) throws -> (PeeredPair, Probe) {
        var pair = try PeeredPair()
        let instanceB = pair.instanceB.id
        var probe = Probe(instanceId: instanceB, destination: .v4(pair.interface(of: pair.instanceB).primaryPrivateIp), tcpPort: nil)
        switch scenario {
        case .noRoutes: try pair.peer(routes: (false, false))
        case .pendingPeering: try pair.peer(accept: false)
        default: try pair.peer()
        }
        if scenario != .noIngressRule { try pair.openGroups() }
        let acl = pair.defaultAcl(pair.vpcB.id).id
        switch scenario {
        case .deletedPeering:
            let id = pair.peeringId!
            try pair.cloud.run { try $0.deleteVpcPeeringConnection(id) }
        case .stoppedDestination:
            try pair.cloud.run { _ = try $0.stopInstances([instanceB]) }
        case .noEgressRules:
            let group = pair.defaultGroup(pair.vpcA.id).id
            let all = [IpPermission(ipProtocol: "-1", ipv4Ranges: [(cidr: "0.0.0.0/0", description: nil)])]
            try pair.cloud.run { _ = try $0.revokeSecurityGroup(.egress, groupId: group, groupName: nil, permissions: all, ruleIds: []) }
        case .aclDenyIn:
            try pair.cloud.run {
                try $0.createNetworkAclEntry(
                    acl, NetworkAclEntryRequest(ruleNumber: 1, egress: false, ipProtocol: "-1", ruleAction: "deny", cidrBlock: "10.0.0.0/8"))
            }
        case .aclDenyReply:
            probe = Probe(instanceId: instanceB, destination: probe.destination, tcpPort: 80)
            try pair.cloud.run {
                try $0.createNetworkAclEntry(
                    acl,
                    NetworkAclEntryRequest(
                        ruleNumber: 1, egress: true, ipProtocol: "6", ruleAction: "deny", cidrBlock: "10.0.0.0/8", fromPort: 1024, toPort: 65535))
            }
        case .nothingAtTheAddress:
            probe = Probe(instanceId: nil, destination: .v4(IPv4Address(172, 16, 1, 200)), tcpPort: nil)
        case .wrongPeerByLongestPrefix:
            // A third VPC claims 172.16.1.0/24 through a more specific route: B's instance is no longer reached.
            let (a, c) = (pair.vpcA.id, try pair.cloud.run { try $0.createVpc(cidrBlock: "172.16.0.0/20") }.id)
            let pcx = try pair.cloud.run { try $0.createVpcPeeringConnection(vpcId: a, peerVpcId: c) }.id
            try pair.cloud.run { _ = try $0.acceptVpcPeeringConnection(pcx) }
            let table = pair.mainTable(a).id
            try pair.cloud.run { try $0.createRoute(table, destination: "172.16.1.0/24", target: .vpcPeeringConnection(pcx)) }
        case .reachable, .noRoutes, .pendingPeering, .noIngressRule:
            break
        }
        return (pair, probe)
    }
}
