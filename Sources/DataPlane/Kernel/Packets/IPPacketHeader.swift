public import Addressing

/// The header fields the evaluator decides a flow by, read from the first bytes of a packet (what a
/// ``NetfilterQueue`` copies): addresses, protocol, and ports.
///
/// For TCP, UDP, UDP-Lite, SCTP and DCCP the ports are the transport header's. For ICMP and ICMPv6 the type is in
/// ``destinationPort`` and the code in ``sourcePort``: the type is what AWS's rules match where they would match a
/// port (a rule's `FromPort` is the ICMP type, as ``Traffic/port`` is), and a conntrack entry of the same flow reads
/// the same way (``Conntrack/Entry/original``). Other protocols, and fragments after the first (conntrack
/// reassembles before the queue, so these are rare), have both ports 0.
public struct IPPacketHeader: Sendable, Hashable {
    /// IANA protocol numbers the data plane names.
    public static let icmp: UInt8 = 1
    public static let tcp: UInt8 = 6
    public static let udp: UInt8 = 17
    public static let icmpv6: UInt8 = 58

    public internal(set) var source: IPAddress
    public internal(set) var destination: IPAddress
    /// The transport protocol's IANA number; for IPv6, that of the header after the extension headers.
    public internal(set) var ipProtocol: UInt8
    /// The source port; for ICMP and ICMPv6, the code.
    public internal(set) var sourcePort: UInt16
    /// The destination port; for ICMP and ICMPv6, the type.
    public internal(set) var destinationPort: UInt16

    /// A header from its fields (a flow the data plane describes itself, or a test's).
    public init(source: IPAddress, destination: IPAddress, ipProtocol: UInt8, sourcePort: UInt16 = 0, destinationPort: UInt16 = 0) {
        self.source = source
        self.destination = destination
        self.ipProtocol = ipProtocol
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
    }

    /// Reads the header of the IPv4 or IPv6 packet starting at the first byte: IPv4 options and IPv6's usual
    /// extension headers (hop-by-hop, routing, fragment, destination options, authentication, mobility) are skipped.
    ///
    /// Nil for anything that is not an IP packet, or too short to hold the addresses and, for the protocols above,
    /// the ports or ICMP type and code.
    public init?(bytes: some Collection<UInt8>) {
        let parsed = bytes.withContiguousStorageIfAvailable(Self.parse) ?? Array(bytes).withUnsafeBufferPointer(Self.parse)
        guard let parsed else { return nil }
        self = parsed
    }

    /// Whether this is ICMP or ICMPv6, whose type and code stand where ports would.
    public var isICMP: Bool { ipProtocol == Self.icmp || ipProtocol == Self.icmpv6 }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> IPPacketHeader? {
        guard let first = bytes.first else { return nil }
        switch first >> 4 {
        case 4: return parseIPv4(bytes)
        case 6: return parseIPv6(bytes)
        default: return nil
        }
    }

    private static func parseIPv4(_ bytes: UnsafeBufferPointer<UInt8>) -> IPPacketHeader? {
        let headerLength = Int(bytes[0] & 0x0F) * 4
        guard headerLength >= 20, bytes.count >= headerLength else { return nil }
        let source = IPv4Address(bytes[12], bytes[13], bytes[14], bytes[15])
        let destination = IPv4Address(bytes[16], bytes[17], bytes[18], bytes[19])
        let fragmentOffset = UInt16(bytes[6] & 0x1F) << 8 | UInt16(bytes[7])
        return transport(
            bytes, at: fragmentOffset == 0 ? headerLength : nil, ipProtocol: bytes[9], source: .v4(source), destination: .v4(destination))
    }

    private static func parseIPv6(_ bytes: UnsafeBufferPointer<UInt8>) -> IPPacketHeader? {
        guard bytes.count >= 40 else { return nil }
        let source = IPv6Address(bits: address(bytes, at: 8))
        let destination = IPv6Address(bits: address(bytes, at: 24))
        var next = bytes[6]
        var offset = 40
        while true {
            switch next {
            case 0, 43, 60, 135, 139, 140:  // hop-by-hop, routing, destination options, mobility, HIP, shim6
                guard bytes.count >= offset + 2 else { return nil }
                (next, offset) = (bytes[offset], offset + (Int(bytes[offset + 1]) + 1) * 8)
            case 51:  // authentication header: its length counts 4-byte words, less 2
                guard bytes.count >= offset + 2 else { return nil }
                (next, offset) = (bytes[offset], offset + (Int(bytes[offset + 1]) + 2) * 4)
            case 44:  // fragment: a later fragment has no transport header
                guard bytes.count >= offset + 8 else { return nil }
                let fragmentOffset = (UInt16(bytes[offset + 2]) << 8 | UInt16(bytes[offset + 3])) & 0xFFF8
                next = bytes[offset]
                offset += 8
                if fragmentOffset != 0 {
                    return transport(bytes, at: nil, ipProtocol: next, source: .v6(source), destination: .v6(destination))
                }
            default:
                return transport(bytes, at: offset, ipProtocol: next, source: .v6(source), destination: .v6(destination))
            }
        }
    }

    /// The header with the ports read from the transport header at `offset` (nil: there is none in this packet).
    private static func transport(
        _ bytes: UnsafeBufferPointer<UInt8>, at offset: Int?, ipProtocol: UInt8, source: IPAddress, destination: IPAddress
    ) -> IPPacketHeader? {
        var header = IPPacketHeader(source: source, destination: destination, ipProtocol: ipProtocol)
        guard let offset else { return header }
        switch ipProtocol {
        case tcp, udp, 33, 132, 136:  // TCP, UDP, DCCP, SCTP, UDP-Lite: both ports first
            guard bytes.count >= offset + 4 else { return nil }
            header.sourcePort = UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
            header.destinationPort = UInt16(bytes[offset + 2]) << 8 | UInt16(bytes[offset + 3])
        case icmp, icmpv6:
            guard bytes.count >= offset + 2 else { return nil }
            header.destinationPort = UInt16(bytes[offset])
            header.sourcePort = UInt16(bytes[offset + 1])
        default:
            break
        }
        return header
    }

    private static func address(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt128 {
        bytes[offset..<(offset + 16)].reduce(UInt128(0)) { $0 << 8 | UInt128($1) }
    }
}
