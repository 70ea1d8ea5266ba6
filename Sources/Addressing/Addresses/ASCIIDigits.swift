/// Strict readers of the digits inside address and CIDR text.
///
/// Strict means what AWS accepts: no signs, no spaces, no leading zeros
/// ("010" is rejected rather than read as octal or decimal).
enum ASCIIDigits {
    /// Reads a decimal number of at most `maximum`, rejecting leading zeros and empty input.
    static func decimal(_ text: Substring.UTF8View, maximum: Int) -> Int? {
        guard let first = text.first else { return nil }
        if first == UInt8(ascii: "0") && text.count > 1 { return nil }
        var value = 0
        for byte in text {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            guard value <= maximum else { return nil }
        }
        return value
    }

    /// Reads one IPv6 group of one to four hex digits, in either case.
    static func hexGroup(_ text: Substring.UTF8View) -> UInt16? {
        guard !text.isEmpty && text.count <= 4 else { return nil }
        var value: UInt16 = 0
        for byte in text {
            guard let digit = hexValue(byte) else { return nil }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
