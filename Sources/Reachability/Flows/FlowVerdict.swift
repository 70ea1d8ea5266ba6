public import Addressing

/// The evaluator's decision about a flow, from its first packet.
public struct FlowVerdict: Sendable, Hashable {
    /// Where an accepted packet goes, with the address rewrites on the way.
    public enum Delivery: Sendable, Hashable {
        /// To this interface, at this private address (the public destination already translated when the packet
        /// came from the internet). `peeringConnectionId` when it crosses a peering (source address unchanged).
        case networkInterface(id: String, vpcId: String, address: IPAddress, peeringConnectionId: String?)
        /// Out of the VPC to the internet through this gateway (`kind` internet gateway, egress-only internet gateway,
        /// or NAT gateway), the source rewritten to `translatedSource` (the interface's public address or the NAT
        /// gateway's Elastic IP; nil when unchanged, as IPv6 is).
        ///
        /// A packet for one of our own public addresses goes this way too, as on AWS: it comes back in through that
        /// address's internet gateway, where the data plane decides it again from `.internet(vpcId:)`.
        case internet(gateway: PathComponent.Kind, gatewayId: String, translatedSource: IPAddress?)
    }

    /// nil: dropped.
    public internal(set) var delivery: Delivery?
    /// Why it was dropped (AWS's explanation code), and which way: the request (`forward`) or its reply (`return`).
    public internal(set) var blockedBy: Explanation.Code?
    public internal(set) var blockedDirection: Explanation.Direction?
    /// Whether security groups track this flow. AWS: a TCP or UDP flow is *untracked* when the groups of every end of
    /// ours allow it for all addresses (0.0.0.0/0 or ::/0) and allow all its replies (every port, all addresses) the
    /// other way; ICMP and other protocols are always tracked, and so is whatever goes through a NAT gateway, an
    /// egress-only internet gateway or an interface endpoint. Removing a rule cuts untracked flows at once, not tracked
    /// ones. True when the groups were not asked (`checkingSecurityGroups: false`).
    public internal(set) var tracked: Bool

    public var isAccepted: Bool { delivery != nil }

    public init(
        delivery: Delivery?, blockedBy: Explanation.Code? = nil, blockedDirection: Explanation.Direction? = nil, tracked: Bool = true
    ) {
        self.delivery = delivery
        self.blockedBy = blockedBy
        self.blockedDirection = blockedDirection
        self.tracked = tracked
    }

    /// A dropped flow, and why.
    static func dropped(_ code: Explanation.Code, _ direction: Explanation.Direction = .forward) -> FlowVerdict {
        FlowVerdict(delivery: nil, blockedBy: code, blockedDirection: direction, tracked: true)
    }
}
