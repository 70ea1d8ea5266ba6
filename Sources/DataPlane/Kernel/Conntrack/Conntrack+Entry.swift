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
        /// Packets and bytes each way so far (`CTA_COUNTERS_ORIG`/`_REPLY`); zero unless the namespace counts them
        /// (`net.netfilter.nf_conntrack_acct=1` when the entry was made), as routers do for flow logs.
        public internal(set) var counters = Counters()
        /// TCP only: the connection's state as conntrack follows it (`CTA_PROTOINFO_TCP_STATE`), and which side sent
        /// the first FIN (`IP_CT_TCP_FLAG_CLOSE_INIT` in `CTA_PROTOINFO_TCP_FLAGS_ORIGINAL`/`_REPLY`).
        public internal(set) var tcp: TCPInfo?

        /// What has passed each way.
        public struct Counters: Sendable, Hashable {
            public var originalPackets: UInt64 = 0
            public var originalBytes: UInt64 = 0
            public var replyPackets: UInt64 = 0
            public var replyBytes: UInt64 = 0

            public init(originalPackets: UInt64 = 0, originalBytes: UInt64 = 0, replyPackets: UInt64 = 0, replyBytes: UInt64 = 0) {
                self.originalPackets = originalPackets
                self.originalBytes = originalBytes
                self.replyPackets = replyPackets
                self.replyBytes = replyBytes
            }
        }

        /// Conntrack's view of a TCP connection.
        public struct TCPInfo: Sendable, Hashable {
            /// `enum tcp_conntrack`: 1 SYN_SENT, 2 SYN_RECV, 3 ESTABLISHED, 4 FIN_WAIT, 5 CLOSE_WAIT, 6 LAST_ACK,
            /// 7 TIME_WAIT, 8 CLOSE, 9 SYN_SENT2.
            public var state: UInt8
            /// The side that sent the first FIN, if one did.
            public var originalClosedFirst: Bool
            public var replyClosedFirst: Bool

            public init(state: UInt8, originalClosedFirst: Bool = false, replyClosedFirst: Bool = false) {
                self.state = state
                self.originalClosedFirst = originalClosedFirst
                self.replyClosedFirst = replyClosedFirst
            }
        }

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
