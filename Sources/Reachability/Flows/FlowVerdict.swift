public import Addressing

/// The evaluator's decision about a flow, from its first packet.
public struct FlowVerdict: Sendable, Hashable {
    /// Where an accepted packet goes, with the address rewrites on the way.
    public enum Delivery: Sendable, Hashable {
        /// To this interface, at this private address (the public destination already translated when the packet
        /// came from the internet). `crossing` when it leaves the sender's VPC privately, by a peering or a transit
        /// gateway (source address unchanged).
        case networkInterface(id: String, vpcId: String, address: IPAddress, crossing: Crossing?)
        /// Out of the VPC to the internet through this gateway (`kind` internet gateway, egress-only internet gateway,
        /// or NAT gateway), the source rewritten to `translatedSource` (the interface's public address or the NAT
        /// gateway's Elastic IP; nil when unchanged, as IPv6 is).
        ///
        /// A packet for one of our own public addresses goes this way too, as on AWS: it comes back in through that
        /// address's internet gateway, where the data plane decides it again from `.internet(vpcId:)`.
        case internet(gateway: PathComponent.Kind, gatewayId: String, translatedSource: IPAddress?)
    }

    /// How a packet goes privately from its VPC to another VPC (its source address unchanged).
    public enum Crossing: Sendable, Hashable {
        /// Across this VPC peering connection.
        case vpcPeeringConnection(String)
        /// Through this transit gateway: in by `attachmentId` (the sending VPC's attachment), out by
        /// `targetAttachmentId` (the destination VPC's, or the transit gateway peering attachment it leaves by).
        case transitGateway(String, attachmentId: String, targetAttachmentId: String)

        public var vpcPeeringConnectionId: String? {
            if case .vpcPeeringConnection(let id) = self { id } else { nil }
        }
    }

    /// nil: dropped.
    public internal(set) var delivery: Delivery?
    /// Why it was dropped (AWS's explanation code), and which way: the request (`forward`) or its reply (`return`).
    public internal(set) var blockedBy: Explanation.Code?
    public internal(set) var blockedDirection: Explanation.Direction?
    /// Which end's side of the path blocked: the sender's (its group's egress, its subnet's ACL out, its route, or for a
    /// reply its subnet's ACL in) or the destination's. Flow logs record a drop at the interface on that side only.
    public internal(set) var blockedAt: End?
    /// Where the request goes when only its replies are blocked (`blockedDirection` `.return`): on AWS the request is
    /// delivered and the replies are dropped, which is what the data plane does and what flow logs record.
    public internal(set) var requestDelivery: Delivery?
    /// Whether security groups track this flow. AWS: a TCP or UDP flow is *untracked* when the groups of every end of
    /// ours allow it for all addresses (0.0.0.0/0 or ::/0) and allow all its replies (every port, all addresses) the
    /// other way; ICMP and other protocols are always tracked, and so is whatever goes through a NAT gateway, an
    /// egress-only internet gateway or an interface endpoint. Removing a rule cuts untracked flows at once, not tracked
    /// ones. True when the groups were not asked (`checkingSecurityGroups: false`).
    public internal(set) var tracked: Bool

    /// The two ends of a flow, as the side of the path where it was blocked.
    public enum End: Sendable, Hashable {
        /// The sender's side (an interface, or the internet).
        case source
        /// The receiving interface's side.
        case destination(networkInterfaceId: String)
    }

    public var isAccepted: Bool { delivery != nil }

    public init(
        delivery: Delivery?, blockedBy: Explanation.Code? = nil, blockedDirection: Explanation.Direction? = nil, tracked: Bool = true
    ) {
        self.delivery = delivery
        self.blockedBy = blockedBy
        self.blockedDirection = blockedDirection
        self.tracked = tracked
    }

    /// A flow whose request is delivered and whose replies are blocked (`code`, on `end`'s side): not accepted, as the
    /// analysis says, but the data plane carries the request, as AWS does.
    public static func repliesBlocked(delivery: Delivery, by code: Explanation.Code, at end: End) -> FlowVerdict {
        var verdict = dropped(code, .return, at: end)
        verdict.requestDelivery = delivery
        return verdict
    }

    /// A dropped flow, and why.
    static func dropped(_ code: Explanation.Code, _ direction: Explanation.Direction = .forward, at end: End = .source) -> FlowVerdict {
        var verdict = FlowVerdict(delivery: nil, blockedBy: code, blockedDirection: direction, tracked: true)
        verdict.blockedAt = end
        return verdict
    }
}
