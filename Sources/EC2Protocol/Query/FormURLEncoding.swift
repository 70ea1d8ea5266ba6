/// Splitting and percent-decoding of `application/x-www-form-urlencoded` text.
///
/// Every Query request's body goes through here, so it reads the body's contiguous UTF-8 as bytes (a `String` index
/// step and a `Substring` per segment cost more than the decoding), and a key or value without `+` or `%` (most of
/// them: `Action=DescribeVpcs`) becomes its `String` in one copy.
enum FormURLEncoding {
    /// The (key, value) pairs of `body`, decoded; empty segments (`a=1&&b=2`) are skipped.
    static func pairs(in body: String) -> [(String, String)] {
        var body = body
        return body.withUTF8 { bytes in
            var pairs: [(String, String)] = []
            var start = 0
            while start < bytes.count {
                let end = firstIndex(of: UInt8(ascii: "&"), in: bytes, from: start, to: bytes.count) ?? bytes.count
                if end > start {
                    let segment = bytes[start..<end]
                    if let equals = firstIndex(of: UInt8(ascii: "="), in: bytes, from: start, to: end) {
                        pairs.append((decode(segment[..<equals]), decode(segment[(equals + 1)...])))
                    } else {
                        pairs.append((decode(segment), ""))
                    }
                }
                start = end + 1
            }
            return pairs
        }
    }

    /// The first place of `byte` in `bytes[start..<end]`. A loop over the buffer's own subscript, where `Slice`'s
    /// generic `firstIndex(of:)` costs a metadata lookup per byte in a debug build: a 4 MiB body took 16 s to split.
    private static func firstIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        var index = start
        while index < end {
            if bytes[index] == byte { return index }
            index += 1
        }
        return nil
    }

    /// `+` becomes a space and `%XX` the byte XX; a `%` not followed by two hex digits stays as it is.
    static func decode(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> String {
        let base = bytes.base
        let plus = firstIndex(of: UInt8(ascii: "+"), in: base, from: bytes.startIndex, to: bytes.endIndex)
        guard plus != nil || firstIndex(of: UInt8(ascii: "%"), in: base, from: bytes.startIndex, to: bytes.endIndex) != nil else {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes), as: UTF8.self)
        }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                output.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), index + 2 < bytes.endIndex, let high = hexDigit(bytes[index + 1]),
                let low = hexDigit(bytes[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
                continue
            } else {
                output.append(byte)
            }
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
