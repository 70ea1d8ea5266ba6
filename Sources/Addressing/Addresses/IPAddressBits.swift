/// An IP address seen as a fixed-width unsigned integer, most significant bit first.
///
/// `IPv4Address` and `IPv6Address` adopt it so that CIDR arithmetic (`CIDRBlock`)
/// and longest-prefix match (`PrefixTrie`) are written once for both families.
/// Bit 0 is the first bit on the wire, the one a /1 prefix looks at.
public protocol IPAddressBits: Sendable, Hashable, Comparable, TextCodable {
    /// The integer holding every bit of the address: `UInt32` for IPv4, `UInt128` for IPv6.
    associatedtype Bits: FixedWidthInteger & UnsignedInteger & Sendable

    /// The address as one integer in network order (the first octet is the most significant).
    var bits: Bits { get }

    /// Creates the address whose network-order integer is `bits`.
    init(bits: Bits)
}

extension IPAddressBits {
    /// The number of bits in an address of this family: 32 or 128.
    @inlinable
    public static var bitWidth: Int { Bits.bitWidth }

    /// Whether bit `index` (0 = most significant) is set.
    @inlinable
    public func bit(at index: Int) -> Bool {
        precondition(index >= 0 && index < Self.bitWidth, "bit index out of range")
        return (bits >> (Self.bitWidth - 1 - index)) & 1 == 1
    }

    /// The mask whose first `prefixLength` bits are set, e.g. 255.255.0.0 for 16.
    @inlinable
    public static func netmask(prefixLength: Int) -> Bits {
        precondition(prefixLength >= 0 && prefixLength <= bitWidth, "prefix length out of range")
        // Smart shifts: shifting by the full width yields 0, which is the /0 mask.
        return ~Bits.zero << (bitWidth - prefixLength)
    }

    /// The address `offset` positions away, or `nil` when that leaves the address space.
    public func advanced(by offset: Int) -> Self? {
        if offset >= 0 {
            guard let step = Bits(exactly: offset) else { return nil }
            let (sum, overflow) = bits.addingReportingOverflow(step)
            return overflow ? nil : Self(bits: sum)
        }
        guard let step = Bits(exactly: offset.magnitude) else { return nil }
        let (difference, overflow) = bits.subtractingReportingOverflow(step)
        return overflow ? nil : Self(bits: difference)
    }

    /// Compares by numeric value, which is also the order of the text forms' fields.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.bits < rhs.bits
    }
}

extension IPAddressBits {
    public static var textKind: String { "an IP address" }
}
