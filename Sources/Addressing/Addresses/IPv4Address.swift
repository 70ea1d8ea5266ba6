/// An IPv4 address, such as 10.0.0.1.
public struct IPv4Address: IPAddressBits {
    /// The address as one integer; 10.0.0.1 is `0x0A00_0001`.
    public var value: UInt32

    /// Creates the address whose integer form is `value`.
    public init(value: UInt32) {
        self.value = value
    }

    /// Creates the address a.b.c.d from its four octets.
    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        value = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Creates the address whose integer form is `bits`; the same as `init(value:)`.
    @inlinable
    public init(bits: UInt32) {
        value = bits
    }

    /// The address as one integer; the same as `value`.
    @inlinable
    public var bits: UInt32 { value }

    /// The four octets, first on the wire first.
    public var octets: [UInt8] {
        [UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
    }
}

extension IPv4Address: LosslessStringConvertible {
    /// Parses a dotted quad strictly: four decimal octets 0–255, no leading zeros, nothing else.
    public init?(_ description: String) {
        guard let address = Self.parse(description.utf8[...]) else { return nil }
        self = address
    }

    /// The dotted quad, e.g. "10.0.0.1".
    public var description: String {
        "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
    }

    /// Parses a dotted quad; shared with the IPv4 tail of IPv6 text.
    static func parse(_ text: Substring.UTF8View) -> Self? {
        var result: UInt32 = 0
        var octetCount = 0
        for field in text.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard octetCount < 4, let octet = ASCIIDigits.decimal(field, maximum: 255) else { return nil }
            result = result << 8 | UInt32(octet)
            octetCount += 1
        }
        return octetCount == 4 ? Self(value: result) : nil
    }
}
