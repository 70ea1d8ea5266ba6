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
    ///
    /// Written digit by digit into the string's own storage (at most 15 bytes, so a small string that needs no
    /// allocation): a large DescribeVpcs formats several addresses per VPC, and the interpolation this replaced
    /// was a tenth of its time.
    public var description: String {
        String(unsafeUninitializedCapacity: 15) { buffer in
            var count = 0
            for shift in stride(from: 24, through: 0, by: -8) {
                if shift != 24 {
                    buffer[count] = UInt8(ascii: ".")
                    count += 1
                }
                let octet = Int(value >> UInt32(shift) & 0xFF)
                if octet >= 100 {
                    buffer[count] = UInt8(ascii: "0") + UInt8(octet / 100)
                    count += 1
                }
                if octet >= 10 {
                    buffer[count] = UInt8(ascii: "0") + UInt8(octet / 10 % 10)
                    count += 1
                }
                buffer[count] = UInt8(ascii: "0") + UInt8(octet % 10)
                count += 1
            }
            return count
        }
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
