extension String {
    /// The string percent-encoded the way SigV4 and the EC2 Query protocol require (RFC 3986).
    ///
    /// Only `A-Z a-z 0-9 - _ . ~` stay as they are; every other UTF-8 byte becomes `%XX` with
    /// upper-case hex. Foundation's `addingPercentEncoding` cannot be used: its allowed sets keep
    /// characters such as `+`, `/` or `:` that SigV4 must encode, and a space must be `%20`, not `+`.
    public var awsPercentEncoded: String {
        var encoded = ""
        encoded.reserveCapacity(utf8.count)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                encoded.unicodeScalars.append("%")
                encoded.unicodeScalars.append(hex[Int(byte >> 4)])
                encoded.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return encoded
    }
}

extension Array where Element == (String, String) {
    /// The pairs as an `application/x-www-form-urlencoded` body (or query string), in their given order.
    public var awsFormEncoded: String {
        map { "\($0.0.awsPercentEncoded)=\($0.1.awsPercentEncoded)" }.joined(separator: "&")
    }
}
