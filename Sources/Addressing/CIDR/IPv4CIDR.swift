/// An IPv4 CIDR block, such as 10.0.0.0/16, as a VPC or subnet uses.
///
/// Parsing, containment, overlap and subnet enumeration come from `CIDRBlock`.
/// Equality is on what was written: "10.0.0.5/16" != "10.0.0.0/16"; compare `canonical` forms when AWS would.
public struct IPv4CIDR: CIDRBlock {
    /// The address as written, host bits included; `network` has them cleared.
    public let address: IPv4Address
    /// The number of leading bits that name the network, 0...32.
    public let prefixLength: Int

    /// Creates a block; `nil` when `prefixLength` is outside 0...32.
    public init?(address: IPv4Address, prefixLength: Int) {
        guard (0...32).contains(prefixLength) else { return nil }
        self.address = address
        self.prefixLength = prefixLength
    }

    /// The number of addresses in the block, reserved ones included: 65536 for a /16.
    public var addressCount: UInt64 { 1 << UInt64(hostBitCount) }

    /// The dotted-quad netmask, e.g. 255.255.0.0 for a /16.
    public var netmask: IPv4Address { IPv4Address(value: IPv4Address.netmask(prefixLength: prefixLength)) }
}
