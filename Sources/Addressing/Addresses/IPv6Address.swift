/// An IPv6 address, such as 2001:db8::1.
public struct IPv6Address: IPAddressBits {
    /// The first 64 bits (the routing prefix and subnet id in an AWS /64).
    public var high: UInt64
    /// The last 64 bits (the interface identifier in an AWS /64).
    public var low: UInt64

    /// Creates the address from its two 64-bit halves.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Creates the address whose 128-bit integer form is `bits`.
    @inlinable
    public init(bits: UInt128) {
        high = UInt64(truncatingIfNeeded: bits >> 64)
        low = UInt64(truncatingIfNeeded: bits)
    }

    /// The address as one 128-bit integer, `high` first.
    @inlinable
    public var bits: UInt128 { UInt128(high) << 64 | UInt128(low) }

    /// The eight 16-bit groups of the text form, first group first.
    public var groups: [UInt16] {
        (0..<8).map { UInt16(truncatingIfNeeded: bits >> (112 - 16 * $0)) }
    }

    /// The IPv4 address inside an IPv4-mapped address (::ffff:a.b.c.d), or `nil` for any other address.
    public var ipv4Mapped: IPv4Address? {
        guard high == 0 && low >> 32 == 0xFFFF else { return nil }
        return IPv4Address(value: UInt32(truncatingIfNeeded: low))
    }
}

extension IPv6Address: LosslessStringConvertible {
    /// Parses any RFC 4291 text form: full, `::`-compressed, and with a dotted-quad IPv4 tail.
    ///
    /// Zone ids ("%eth0"), brackets and surrounding spaces are rejected.
    public init?(_ description: String) {
        guard let address = Self.parse(description.utf8[...]) else { return nil }
        self = address
    }

    /// The RFC 5952 canonical text: lowercase, no leading zeros, the longest run
    /// of two or more zero groups (the first on ties) written as "::".
    ///
    /// IPv4-mapped addresses keep their dotted-quad tail, as RFC 5952 §5 recommends: "::ffff:10.0.0.1".
    public var description: String {
        if let mapped = ipv4Mapped {
            return "::ffff:\(mapped)"
        }
        let groups = groups
        var bestStart = 0
        var bestLength = 0
        var index = 0
        while index < groups.count {
            guard groups[index] == 0 else {
                index += 1
                continue
            }
            let start = index
            while index < groups.count && groups[index] == 0 { index += 1 }
            if index - start > bestLength {
                bestStart = start
                bestLength = index - start
            }
        }
        let hex = groups.map { String($0, radix: 16) }
        guard bestLength >= 2 else { return hex.joined(separator: ":") }
        let before = hex[..<bestStart].joined(separator: ":")
        let after = hex[(bestStart + bestLength)...].joined(separator: ":")
        return before + "::" + after
    }
}
