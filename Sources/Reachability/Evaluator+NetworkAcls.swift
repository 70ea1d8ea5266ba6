import Addressing
import CloudModel

extension Evaluator {
    /// What a subnet's ACL decides for traffic to or from `peer` on destination ports `ports`: the entries are
    /// read lowest rule number first; ports allowed before a deny pass, a deny of any remaining port blocks.
    ///
    /// Asking a whole range (the ephemeral ports of a reply) means every port in it must get through.
    func aclDecision(
        subnetId: String,
        egress: Bool,
        peer: IPAddress,
        traffic: Traffic,
        ports: ClosedRange<Int>?
    ) -> (allowed: Bool, acl: NetworkAcl?, entry: NetworkAclEntry?) {
        guard let (acl, inbound, outbound) = aclBySubnet[subnetId] else { return (true, nil, nil) }
        var remaining = ports.map { [$0] } ?? []
        var lastAllow: NetworkAclEntry?
        for entry in egress ? outbound : inbound where Self.protocolMatches(entry, traffic, ipv6: peer.isIPv6) && entry.cidrBlock.contains(peer) {
            let covers = entry.portRange
            switch entry.ruleAction {
            case .allow:
                guard ports != nil, let covers, traffic.ipProtocol != .icmp else { return (true, acl, entry) }
                remaining = remaining.flatMap { Self.subtract(covers, from: $0) }
                lastAllow = entry
                if remaining.isEmpty { return (true, acl, entry) }
            case .deny:
                guard ports != nil, let covers, traffic.ipProtocol != .icmp else { return (false, acl, entry) }
                if remaining.contains(where: { $0.overlaps(covers) }) { return (false, acl, entry) }
            }
        }
        return (remaining.isEmpty && lastAllow != nil, acl, lastAllow)
    }

    static func protocolMatches(_ entry: NetworkAclEntry, _ traffic: Traffic, ipv6: Bool) -> Bool {
        guard entry.ipProtocol == "-1" || entry.ipProtocol == String(traffic.protocolNumber(ipv6: ipv6)) else { return false }
        if traffic.ipProtocol == .icmp, entry.ipProtocol != "-1", let type = entry.icmpType, type != -1, let wanted = traffic.port {
            return type == wanted
        }
        return true
    }

    static func subtract(_ cut: ClosedRange<Int>, from range: ClosedRange<Int>) -> [ClosedRange<Int>] {
        guard range.overlaps(cut) else { return [range] }
        var pieces: [ClosedRange<Int>] = []
        if range.lowerBound < cut.lowerBound { pieces.append(range.lowerBound...(cut.lowerBound - 1)) }
        if range.upperBound > cut.upperBound { pieces.append((cut.upperBound + 1)...range.upperBound) }
        return pieces
    }
}
