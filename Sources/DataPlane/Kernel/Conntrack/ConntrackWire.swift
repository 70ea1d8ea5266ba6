import Addressing

/// ctnetlink's message layout (`<linux/netfilter/nfnetlink_conntrack.h>`): how an entry's tuple is written into a
/// request and read out of a dump.
///
/// A tuple is `CTA_TUPLE_IP` (the two addresses) and `CTA_TUPLE_PROTO` (the protocol number, then both ports, or
/// for ICMP and ICMPv6 the identifier, type and code); the kernel requires every one of those a protocol has to
/// find an entry, which is how a request names exactly one.
enum ConntrackWire {
    static let subsystem: UInt8 = 1  // NFNL_SUBSYS_CTNETLINK
    static let new: UInt8 = 0  // IPCTNL_MSG_CT_NEW: without NLM_F_CREATE, changes an existing entry
    static let get: UInt8 = 1  // IPCTNL_MSG_CT_GET
    static let delete: UInt8 = 2  // IPCTNL_MSG_CT_DELETE: without a tuple, flushes

    static let tupleOriginal: UInt16 = 1  // CTA_TUPLE_ORIG
    static let tupleReply: UInt16 = 2  // CTA_TUPLE_REPLY
    static let mark: UInt16 = 8  // CTA_MARK
    static let protocolInfo: UInt16 = 4  // CTA_PROTOINFO
    static let countersOriginal: UInt16 = 9  // CTA_COUNTERS_ORIG
    static let countersReply: UInt16 = 10  // CTA_COUNTERS_REPLY
    static let counterPackets: UInt16 = 1  // CTA_COUNTERS_PACKETS (u64)
    static let counterBytes: UInt16 = 2  // CTA_COUNTERS_BYTES (u64)
    static let protocolInfoTCP: UInt16 = 1  // CTA_PROTOINFO_TCP
    static let tcpState: UInt16 = 1  // CTA_PROTOINFO_TCP_STATE
    static let tcpFlagsOriginal: UInt16 = 4  // CTA_PROTOINFO_TCP_FLAGS_ORIGINAL: struct nf_ct_tcp_flags { flags, mask }
    static let tcpFlagsReply: UInt16 = 5
    static let tcpCloseInit: UInt8 = 0x04  // IP_CT_TCP_FLAG_CLOSE_INIT: this side sent the first FIN

    static let tupleAddresses: UInt16 = 1  // CTA_TUPLE_IP
    static let tupleProtocol: UInt16 = 2  // CTA_TUPLE_PROTO
    static let ipv4Source: UInt16 = 1  // CTA_IP_V4_SRC
    static let ipv4Destination: UInt16 = 2
    static let ipv6Source: UInt16 = 3
    static let ipv6Destination: UInt16 = 4
    static let protocolNumber: UInt16 = 1  // CTA_PROTO_NUM
    static let sourcePort: UInt16 = 2  // CTA_PROTO_SRC_PORT
    static let destinationPort: UInt16 = 3
    static let icmpIdentifier: UInt16 = 4  // CTA_PROTO_ICMP_ID; type 5, code 6
    static let icmpv6Identifier: UInt16 = 7  // CTA_PROTO_ICMPV6_ID; type 8, code 9

    static let ipv4Family: UInt8 = 2  // AF_INET
    static let ipv6Family: UInt8 = 10  // AF_INET6
    static let noSuchEntry: Int32 = 2  // ENOENT

    /// Protocols whose tuple holds two ports: TCP, UDP, DCCP, GRE (its keys), SCTP, UDP-Lite.
    static let portProtocols: Set<UInt8> = [6, 17, 33, 47, 132, 136]

    /// A request of type `message` naming `entry`'s original tuple, asking for an acknowledgement.
    static func request(_ message: UInt8, for entry: Conntrack.Entry) throws -> NetfilterNetlinkMessage {
        let original = entry.original
        let family: UInt8
        switch (original.source, original.destination) {
        case (.v4, .v4): family = ipv4Family
        case (.v6, .v6): family = ipv6Family
        default: throw KernelError(code: .netlink, message: "a conntrack entry cannot go from \(original.source) to \(original.destination)")
        }
        var request = NetfilterNetlinkMessage(
            subsystem: subsystem, message: message, flags: NetlinkMessage.acknowledge, sequence: 1, family: family)
        request.appendNested(tupleOriginal) { tuple in
            tuple.appendNested(tupleAddresses) { addresses in
                switch (original.source, original.destination) {
                case (.v4(let source), .v4(let destination)):
                    addresses.append(ipv4Source, bigEndian: source.value)
                    addresses.append(ipv4Destination, bigEndian: destination.value)
                case (.v6(let source), .v6(let destination)):
                    addresses.append(ipv6Source, bigEndian: source.bits)
                    addresses.append(ipv6Destination, bigEndian: destination.bits)
                default: break
                }
            }
            tuple.appendNested(tupleProtocol) { proto in
                proto.append(protocolNumber, [original.ipProtocol])
                if let first = icmpAttributes(original.ipProtocol) {
                    proto.append(first, bigEndian: entry.icmpIdentifier)
                    proto.append(first + 1, [UInt8(truncatingIfNeeded: original.destinationPort)])
                    proto.append(first + 2, [UInt8(truncatingIfNeeded: original.sourcePort)])
                } else if portProtocols.contains(original.ipProtocol) {
                    proto.append(sourcePort, bigEndian: original.sourcePort)
                    proto.append(destinationPort, bigEndian: original.destinationPort)
                }
            }
        }
        return request
    }

    /// The entry a dump message describes; nil for anything else (an entry of a family other than IPv4 and IPv6).
    ///
    /// A dump's messages carry the request's type (`IPCTNL_MSG_CT_GET`); events and single answers carry `…_NEW`.
    static func entry(in message: NetlinkMessage) -> Conntrack.Entry? {
        guard message.type == UInt16(subsystem) << 8 | UInt16(get) || message.type == UInt16(subsystem) << 8 | UInt16(new) else { return nil }
        let attributes = message.netfilterAttributes
        guard let original = attributes.nested(tupleOriginal).flatMap(tuple), let reply = attributes.nested(tupleReply).flatMap(tuple)
        else { return nil }
        let mark = attributes[mark]?.bigEndianInteger(at: 0, as: UInt32.self) ?? 0
        var entry = Conntrack.Entry(original: original.header, reply: reply.header, icmpIdentifier: original.icmpIdentifier, mark: mark)
        func counter(_ type: UInt16, _ field: UInt16) -> UInt64 { attributes.nested(type)?[field]?.bigEndianInteger(at: 0) ?? 0 }
        entry.counters = Conntrack.Entry.Counters(
            originalPackets: counter(countersOriginal, counterPackets), originalBytes: counter(countersOriginal, counterBytes),
            replyPackets: counter(countersReply, counterPackets), replyBytes: counter(countersReply, counterBytes))
        if let tcp = attributes.nested(protocolInfo)?.nested(protocolInfoTCP), let state = tcp[tcpState]?.first {
            entry.tcp = Conntrack.Entry.TCPInfo(
                state: state, originalClosedFirst: (tcp[tcpFlagsOriginal]?.first ?? 0) & tcpCloseInit != 0,
                replyClosedFirst: (tcp[tcpFlagsReply]?.first ?? 0) & tcpCloseInit != 0)
        }
        return entry
    }

    /// The first of the identifier, type and code attributes for ICMP (4) or ICMPv6 (7); nil for other protocols.
    private static func icmpAttributes(_ ipProtocol: UInt8) -> UInt16? {
        switch ipProtocol {
        case IPPacketHeader.icmp: icmpIdentifier
        case IPPacketHeader.icmpv6: icmpv6Identifier
        default: nil
        }
    }

    private static func tuple(_ attributes: NetlinkAttributes) -> (header: IPPacketHeader, icmpIdentifier: UInt16)? {
        guard let addresses = attributes.nested(tupleAddresses), let proto = attributes.nested(tupleProtocol),
            let ipProtocol = proto[protocolNumber]?.first
        else { return nil }
        let source: IPAddress
        let destination: IPAddress
        if let sourceValue = addresses[ipv4Source]?.bigEndianInteger(at: 0, as: UInt32.self),
            let destinationValue = addresses[ipv4Destination]?.bigEndianInteger(at: 0, as: UInt32.self)
        {
            (source, destination) = (.v4(IPv4Address(value: sourceValue)), .v4(IPv4Address(value: destinationValue)))
        } else if let sourceBits = addresses[ipv6Source]?.bigEndianInteger(at: 0, as: UInt128.self),
            let destinationBits = addresses[ipv6Destination]?.bigEndianInteger(at: 0, as: UInt128.self)
        {
            (source, destination) = (.v6(IPv6Address(bits: sourceBits)), .v6(IPv6Address(bits: destinationBits)))
        } else {
            return nil
        }
        var header = IPPacketHeader(source: source, destination: destination, ipProtocol: ipProtocol)
        var identifier: UInt16 = 0
        if let first = icmpAttributes(ipProtocol) {
            identifier = proto[first]?.bigEndianInteger(at: 0) ?? 0
            header.destinationPort = UInt16(proto[first + 1]?.first ?? 0)
            header.sourcePort = UInt16(proto[first + 2]?.first ?? 0)
        } else {
            header.sourcePort = proto[sourcePort]?.bigEndianInteger(at: 0) ?? 0
            header.destinationPort = proto[destinationPort]?.bigEndianInteger(at: 0) ?? 0
        }
        return (header, identifier)
    }
}
