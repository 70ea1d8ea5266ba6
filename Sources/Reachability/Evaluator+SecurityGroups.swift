import Addressing
import CloudModel

extension Evaluator {
    /// The first rule of `interface`'s groups that allows `traffic` to (egress) or from (ingress) `peer`,
    /// where `peerInterface` is the interface at the other end when it is one of ours (for group references).
    func allowingRule(
        of interface: NetworkInterface,
        egress: Bool,
        peer: IPAddress,
        peerInterface: NetworkInterface?,
        traffic: Traffic
    ) -> (rule: SecurityGroupRule, groupId: String)? {
        for groupId in interface.groupIds {
            guard let group = groupsById[groupId] else { continue }
            for rule in egress ? group.egress : group.ingress
            where Self.protocolMatches(rule, traffic, ipv6: peer.isIPv6) && matchesPeer(rule.peer, of: group, address: peer, interface: peerInterface)
            {
                return (rule, groupId)
            }
        }
        return nil
    }

    /// Whether an inbound rule of `interface`'s groups names one of `peer`'s groups in another VPC (a reference a
    /// crossing may not carry).
    func refersToGroup(of peer: NetworkInterface, from interface: NetworkInterface) -> Bool {
        interface.groupIds.contains { id in
            groupsById[id]?.ingress.contains { rule in
                guard case .group(let referenced, _, let vpcId) = rule.peer else { return false }
                return vpcId != interface.interfaceVpcId && peer.groupIds.contains(referenced)
            } == true
        }
    }

    /// Whether any of the interface's groups has any rule in that direction (for SG_HAS_NO_RULES).
    func hasRules(_ interface: NetworkInterface, egress: Bool) -> Bool {
        interface.groupIds.contains { id in
            guard let group = groupsById[id] else { return false }
            return !(egress ? group.egress : group.ingress).isEmpty
        }
    }

    static func protocolMatches(_ rule: SecurityGroupRule, _ traffic: Traffic, ipv6: Bool) -> Bool {
        let name = traffic.ipProtocol == .icmp && ipv6 ? "icmpv6" : traffic.ipProtocol.rawValue
        switch rule.ipProtocol {
        case "-1": return true
        case name, String(traffic.protocolNumber(ipv6: ipv6)): break
        default: return false
        }
        guard let port = traffic.port else { return true }
        switch traffic.ipProtocol {
        case .tcp, .udp:
            guard let from = rule.fromPort, let to = rule.toPort else { return true }
            return (from...to).contains(port)
        case .icmp:
            // FromPort is the ICMP type; -1 is any.
            guard let type = rule.fromPort, type != -1 else { return true }
            return type == port
        case .other:
            // Protocols without ports: the rule names the protocol, and that is all it says.
            return true
        }
    }

    /// A block matches the address; a prefix list matches the addresses of its current entries; a group reference
    /// matches members of the group, but only inside the group's VPC, across an active peering, or across a transit
    /// gateway with security group referencing support on it and both attachments (a stale reference matches nothing).
    func matchesPeer(_ peer: SecurityGroupRule.Peer, of group: SecurityGroup, address: IPAddress, interface: NetworkInterface?) -> Bool {
        switch peer {
        case .ipv4(let block): return IPCIDR.v4(block).contains(address)
        case .ipv6(let block): return IPCIDR.v6(block).contains(address)
        case .group(let id, _, let vpcId):
            guard let interface, interface.interfaceVpcId == vpcId, interface.holds(address),
                membersByGroup[id]?.contains(interface.id) == true
            else { return false }
            return vpcId == group.groupVpcId || activePeering(between: group.groupVpcId, vpcId) != nil
                || transitGateways.referencesGroups(between: group.groupVpcId, vpcId)
        case .prefixList(let id):
            // The list's current entries, as the group's account sees it (its own list, or AWS's in the region).
            return state.prefixList(id, seenFrom: group.scope)?.entries.contains { $0.cidr.contains(address) } == true
        }
    }
}

extension NetworkInterface {
    /// Whether `address` is one of the interface's private IPv4 or IPv6 addresses.
    func holds(_ address: IPAddress) -> Bool {
        switch address {
        case .v4(let address): privateIpAddresses.contains(address)
        case .v6(let address): ipv6Addresses.contains(address)
        }
    }
}
