/// An IPv6 CIDR block, such as 2001:db8:1234:1a00::/56 for a VPC or a /64 for a subnet.
///
/// Parsing, containment, overlap and subnet enumeration come from `CIDRBlock`.
/// Equality is on the parsed address and length: "2001:DB8::/32" == "2001:db8::/32",
/// but "2001:db8::1/32" != "2001:db8::/32"; compare `canonical` forms when AWS would.
public struct IPv6CIDR: CIDRBlock {
    /// The address as written, host bits included; `network` has them cleared.
    public let address: IPv6Address
    /// The number of leading bits that name the network, 0...128.
    public let prefixLength: Int

    /// Creates a block; `nil` when `prefixLength` is outside 0...128.
    public init?(address: IPv6Address, prefixLength: Int) {
        guard (0...128).contains(prefixLength) else { return nil }
        self.address = address
        self.prefixLength = prefixLength
    }

    /// The number of addresses in the block: exact for /1 through /128, `UInt128.max` for ::/0.
    ///
    /// 2^128 does not fit in `UInt128`, so ::/0 saturates one short; `hostBitCount` is always exact.
    public var addressCount: UInt128 { hostBitCount == 128 ? .max : 1 << UInt128(hostBitCount) }
}
