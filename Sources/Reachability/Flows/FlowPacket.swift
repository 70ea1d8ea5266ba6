public import Addressing

/// The first packet of a flow, as the data plane reads it off the wire (no strings).
///
/// A plain wire value: the data plane fills it from an IP header and may turn it around for a reply, so its fields
/// stay settable.
public struct FlowPacket: Sendable, Hashable {
    public var source: IPAddress
    public var destination: IPAddress
    /// The IANA protocol number: 1 ICMP, 6 TCP, 17 UDP, 58 ICMPv6; any other is decided by rules for all traffic or
    /// for its number.
    public var ipProtocol: UInt8
    /// TCP or UDP; 0 for ICMP and protocols without ports.
    public var sourcePort: UInt16
    /// TCP or UDP; for ICMP and ICMPv6 the type (8 echo request, 128 echo request over IPv6).
    public var destinationPort: UInt16

    public init(source: IPAddress, destination: IPAddress, ipProtocol: UInt8, sourcePort: UInt16 = 0, destinationPort: UInt16 = 0) {
        self.source = source
        self.destination = destination
        self.ipProtocol = ipProtocol
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
    }

    /// The IANA numbers the data plane meets most.
    public static let icmp: UInt8 = 1
    public static let tcp: UInt8 = 6
    public static let udp: UInt8 = 17
    public static let icmpv6: UInt8 = 58
}

extension FlowPacket {
    /// What the walk checks: the protocol and its destination port (the ICMP type), or nil when the protocol does not
    /// fit the address family (ICMP over IPv6, ICMPv6 over IPv4) or the addresses are of two families.
    var traffic: Traffic? {
        guard source.isIPv6 == destination.isIPv6 else { return nil }
        switch ipProtocol {
        case Self.icmp where destination.isIPv6, Self.icmpv6 where !destination.isIPv6: return nil
        default: break
        }
        let ipProtocol = Traffic.IPProtocol(number: ipProtocol)
        switch ipProtocol {
        case .tcp, .udp, .icmp: return Traffic(ipProtocol, port: Int(destinationPort))
        case .other: return Traffic(ipProtocol)
        }
    }
}
