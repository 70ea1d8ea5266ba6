public import Addressing

extension Conntrack {
    /// One connection tracking entry: a flow as its first packet showed it, what its replies look like, and its mark.
    ///
    /// Both directions read as ``IPPacketHeader``s do, so a queued packet's header equals ``original`` of the
    /// entry it creates: for ICMP and ICMPv6 the type is in the destination port and the code in the source port,
    /// and the echo identifier, which conntrack keys ICMP flows by as well, is ``icmpIdentifier``.
    public struct Entry: Sendable, Hashable {
        /// The flow in the direction of its first packet.
        public internal(set) var original: IPPacketHeader
        /// The flow's replies as conntrack expects them (addresses and ports swapped, unless NAT rewrote them; for
        /// an ICMP echo, the echo reply's type).
        public internal(set) var reply: IPPacketHeader
        /// The ICMP or ICMPv6 echo identifier of ``original``; 0 for other protocols.
        public internal(set) var icmpIdentifier: UInt16
        /// The entry's mark (`ct mark`): the data plane's verdict for the flow, copied from the first packet's mark.
        public internal(set) var mark: UInt32

        /// An entry from its parts; ``Conntrack/setMark(_:of:namespace:)`` and ``Conntrack/delete(_:namespace:)`` find
        /// the kernel's entry by ``original`` and ``icmpIdentifier`` alone.
        public init(original: IPPacketHeader, reply: IPPacketHeader, icmpIdentifier: UInt16 = 0, mark: UInt32 = 0) {
            self.original = original
            self.reply = reply
            self.icmpIdentifier = icmpIdentifier
            self.mark = mark
        }

        /// The transport protocol's IANA number.
        public var ipProtocol: UInt8 { original.ipProtocol }
        /// The address the flow's first packet came from.
        public var source: IPAddress { original.source }
        /// The address the flow's first packet went to.
        public var destination: IPAddress { original.destination }
        /// The first packet's source port (for ICMP, its code).
        public var sourcePort: UInt16 { original.sourcePort }
        /// The first packet's destination port (for ICMP, its type).
        public var destinationPort: UInt16 { original.destinationPort }
        /// The address replies come from.
        public var replySource: IPAddress { reply.source }
        /// The address replies go to.
        public var replyDestination: IPAddress { reply.destination }
        /// The replies' source port (for ICMP, their code).
        public var replySourcePort: UInt16 { reply.sourcePort }
        /// The replies' destination port (for ICMP, their type).
        public var replyDestinationPort: UInt16 { reply.destinationPort }
    }
}
