import Addressing
import CloudModel

extension Evaluator {
    /// Whether security groups track an accepted flow (AWS, "Security group connection tracking").
    ///
    /// A TCP or UDP flow is untracked when the groups of each end of ours allow it to or from all addresses (0.0.0.0/0,
    /// or ::/0 for IPv6) and allow all its replies the other way (the protocol on every port, or all traffic, from or
    /// to all addresses). ICMP and every other protocol are always tracked, and so is a flow through a NAT gateway, an
    /// egress-only internet gateway or an interface endpoint (AWS tracks those automatically).
    func isTracked(_ traffic: Traffic, ipv6: Bool, from source: NetworkInterface?, delivery: FlowVerdict.Delivery) -> Bool {
        guard traffic.ipProtocol == .tcp || traffic.ipProtocol == .udp else { return true }
        if let source, !isOpenToEverywhere(source, sending: true, traffic, ipv6: ipv6) { return true }
        switch delivery {
        case .internet(let gateway, _, _):
            return gateway != .internetGateway
        case .networkInterface(let id, _, _, _):
            guard let target = interfacesById[id], target.interfaceType != .vpcEndpoint else { return true }
            return !isOpenToEverywhere(target, sending: false, traffic, ipv6: ipv6)
        }
    }

    /// Whether `interface`'s groups allow `traffic` with all addresses the way it goes (out when `sending`, else in),
    /// and every port of its protocol with all addresses the other way.
    func isOpenToEverywhere(_ interface: NetworkInterface, sending: Bool, _ traffic: Traffic, ipv6: Bool) -> Bool {
        let anyPort = Traffic(traffic.ipProtocol)
        var (forward, back) = (false, false)
        for groupId in interface.groupIds {
            guard let group = groupsById[groupId] else { continue }
            forward =
                forward
                || (sending ? group.egress : group.ingress).contains {
                    Self.isEverywhere($0.peer, ipv6: ipv6) && Self.protocolMatches($0, traffic, ipv6: ipv6)
                }
            back =
                back
                || (sending ? group.ingress : group.egress).contains {
                    Self.isEverywhere($0.peer, ipv6: ipv6) && Self.protocolMatches($0, anyPort, ipv6: ipv6) && Self.coversEveryPort($0)
                }
        }
        return forward && back
    }

    static func isEverywhere(_ peer: SecurityGroupRule.Peer, ipv6: Bool) -> Bool {
        switch peer {
        case .ipv4(let block): !ipv6 && block.prefixLength == 0
        case .ipv6(let block): ipv6 && block.prefixLength == 0
        case .group, .prefixList: false
        }
    }

    /// A rule for all traffic, or for its protocol on ports 0–65535.
    static func coversEveryPort(_ rule: SecurityGroupRule) -> Bool {
        guard rule.ipProtocol != "-1", let from = rule.fromPort, let to = rule.toPort, from != -1 else { return true }
        return from <= 0 && to >= 65535
    }
}
