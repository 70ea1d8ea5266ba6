/// Splitting and percent-decoding of `application/x-www-form-urlencoded` text.
enum FormURLEncoding {
    /// The (key, value) pairs of `body`, decoded; empty segments (`a=1&&b=2`) are skipped.
    static func pairs(in body: String) -> [(String, String)] {
        body.utf8.split(separator: UInt8(ascii: "&")).map { segment in
            guard let equals = segment.firstIndex(of: UInt8(ascii: "=")) else {
                return (decode(segment), "")
            }
            return (decode(segment[..<equals]), decode(segment[segment.index(after: equals)...]))
        }
    }

    /// `+` becomes a space and `%XX` the byte XX; a `%` not followed by two hex digits stays as it is.
    static func decode(_ bytes: Substring.UTF8View) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                output.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), let high = hexDigit(bytes, at: bytes.index(index, offsetBy: 1, limitedBy: bytes.endIndex)),
                let low = hexDigit(bytes, at: bytes.index(index, offsetBy: 2, limitedBy: bytes.endIndex))
            {
                output.append(high << 4 | low)
                index = bytes.index(index, offsetBy: 3)
                continue
            } else {
                output.append(byte)
            }
            index = bytes.index(after: index)
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func hexDigit(_ bytes: Substring.UTF8View, at index: Substring.UTF8View.Index?) -> UInt8? {
        guard let index, index < bytes.endIndex else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return bytes[index] - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return bytes[index] - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return bytes[index] - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
