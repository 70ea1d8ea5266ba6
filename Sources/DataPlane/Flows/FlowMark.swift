/// A flow's verdict as the kernel keeps it: the conntrack mark of an accepted flow.
///
/// The router routes each packet by its mark (`ip rule fwmark N lookup 1000+N`, one table per link), so the kernel
/// never picks a route itself: bits 0–13 name the link (its interface index in the router namespace) a packet in the
/// flow's original direction leaves by (0: the main table, which holds the routes to this VPC's own instances), bits
/// 14–27 the link a reply leaves by (the one the first packet came in by). Bit 28 says the flow's replies are dropped
/// (a network ACL or route blocks only the way back: on AWS the request is delivered and its replies are not, which is
/// what flow logs record as ACCEPT then REJECT), bit 29 that the sender's side drops them (its subnet's ACL in) rather
/// than the receiver's, which tells flow logs whose interface records the REJECT. Bit 30 says the security groups do not track the
/// flow; bit 31 that a later decision dropped it (ACLs and routes apply to live flows at once).
public struct FlowMark: Sendable, Hashable {
    public var rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public init(forwardLink: Int32, replyLink: Int32, untracked: Bool, repliesDropped: Bool = false, atSource: Bool = false) {
        rawValue =
            UInt32(forwardLink & Self.linkMask) | UInt32(replyLink & Self.linkMask) << Self.replyShift | (untracked ? Self.untrackedBit : 0)
            | (repliesDropped ? Self.repliesDroppedBit : 0) | (repliesDropped && atSource ? Self.repliesDroppedAtSourceBit : 0)
    }

    public var forwardLink: Int32 { Int32(rawValue & UInt32(Self.linkMask)) }
    public var replyLink: Int32 { Int32((rawValue >> Self.replyShift) & UInt32(Self.linkMask)) }
    public var isUntracked: Bool { rawValue & Self.untrackedBit != 0 }
    public var isDropped: Bool { rawValue & Self.droppedBit != 0 }
    public var repliesDropped: Bool { rawValue & Self.repliesDroppedBit != 0 }
    /// With ``repliesDropped``: the sender's side drops them.
    public var repliesDroppedAtSource: Bool { rawValue & Self.repliesDroppedAtSourceBit != 0 }

    /// The same flow, dropped from now on (or accepted again).
    public func dropped(_ dropped: Bool) -> FlowMark {
        FlowMark(rawValue: dropped ? rawValue | Self.droppedBit : rawValue & ~Self.droppedBit)
    }

    /// A flow from an instance to a service of its VPC (`VpcServiceAddress`): delivered inside the router (forward link
    /// 0, reply link 0), never decided or reviewed by the evaluator.
    public static let vpcService = FlowMark(forwardLink: 0, replyLink: 0, untracked: true)

    /// The largest interface index a mark can name.
    public static let linkMask: Int32 = 0x3fff
    /// Where the reply link starts.
    static let replyShift: UInt32 = 14
    static let repliesDroppedBit: UInt32 = 1 << 28
    static let repliesDroppedAtSourceBit: UInt32 = 1 << 29
    static let untrackedBit: UInt32 = 1 << 30
    static let droppedBit: UInt32 = 1 << 31
}
