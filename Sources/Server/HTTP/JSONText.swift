import Foundation

/// The admin routes' JSON, written straight into bytes: keys sorted, as `JSONSerialization` with `.sortedKeys`
/// writes them, for the values those routes answer with (strings, integers, finite doubles, booleans, arrays and
/// dictionaries of them).
///
/// `JSONSerialization` took nearly half of the server's CPU for `GET /_localvpc/health` (its writer casts every
/// value dynamically and sorts keys through `NSString.compare`). Anything else (a `Date`, an `NSNumber` of Foundation's,
/// a non-finite double) makes `encode` answer nil, and the caller falls back to `JSONSerialization`.
enum JSONText {
    static func encode(_ value: Any) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        return write(value, into: &bytes) ? bytes : nil
    }

    private static func write(_ value: Any, into bytes: inout [UInt8]) -> Bool {
        switch value {
        case let text as String: write(string: text, into: &bytes)
        case let flag as Bool: bytes.append(contentsOf: (flag ? "true" : "false").utf8)
        case let number as Int: write(integer: Int64(number), into: &bytes)
        case let number as Int64: write(integer: number, into: &bytes)
        case let number as UInt64: write(integer: number, into: &bytes)
        case let number as Double: return write(number: number, into: &bytes)
        case let array as [any Sendable]:
            bytes.append(UInt8(ascii: "["))
            for (index, element) in array.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                guard write(element, into: &bytes) else { return false }
            }
            bytes.append(UInt8(ascii: "]"))
        case let object as [String: any Sendable]:
            bytes.append(UInt8(ascii: "{"))
            for (index, key) in object.keys.sorted(by: precedes).enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(string: key, into: &bytes)
                bytes.append(UInt8(ascii: ":"))
                guard write(object[key]!, into: &bytes) else { return false }
            }
            bytes.append(UInt8(ascii: "}"))
        default: return false
        }
        return true
    }

    private static func write(fields: [(key: String, value: Field)], into bytes: inout [UInt8]) -> Bool {
        bytes.append(UInt8(ascii: "{"))
        let inOrder = zip(fields, fields.dropFirst()).allSatisfy { precedes($0.key, $1.key) }
        for (index, field) in (inOrder ? fields : fields.sorted(by: { precedes($0.key, $1.key) })).enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            write(string: field.key, into: &bytes)
            bytes.append(UInt8(ascii: ":"))
            guard write(field: field.value, into: &bytes) else { return false }
        }
        bytes.append(UInt8(ascii: "}"))
        return true
    }

    /// A typed value, written without the casts `encode(_:)` makes for each value; false for a non-finite number.
    static func write(field: Field, into bytes: inout [UInt8]) -> Bool {
        switch field {
        case .string(let text): write(string: text, into: &bytes)
        case .integer(let number): write(integer: number, into: &bytes)
        case .signed(let number): write(integer: number, into: &bytes)
        case .number(let number): return write(number: number, into: &bytes)
        case .flag(let flag): bytes.append(contentsOf: (flag ? "true" : "false").utf8)
        case .object(let fields): return write(fields: fields, into: &bytes)
        }
        return true
    }

    /// A value whose type is known where it is made (`HealthDocument`'s); an object's keys are written sorted.
    enum Field {
        case string(String)
        case integer(UInt64)
        case signed(Int64)
        case number(Double)
        case flag(Bool)
        case object([(key: String, value: Field)])
    }

    /// Key order: by UTF-8 bytes, which is code point order, as `String`'s `<` orders the keys written here, without
    /// its Unicode-aware comparison.
    static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// A whole number's decimal digits, written in place (no `String` made for it).
    static func write(integer: some BinaryInteger, into bytes: inout [UInt8]) {
        if integer < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = integer.magnitude
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes[start...].reverse()
    }

    static func write(number: Double, into bytes: inout [UInt8]) -> Bool {
        guard number.isFinite else { return false }
        // Whole numbers as integers, as JSONSerialization writes them; others in Swift's shortest round-trip form.
        if number == number.rounded(), abs(number) < 1e15 {
            write(integer: Int64(number), into: &bytes)
        } else {
            bytes.append(contentsOf: String(number).utf8)
        }
        return true
    }

    static func write(string: String, into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        // Keys and most values need no escape: copied at once from the string's contiguous UTF-8.
        var string = string
        let copied = string.withUTF8 { utf8 in
            for byte in utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "/") {
                return false
            }
            bytes.append(contentsOf: utf8)
            return true
        }
        if copied {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "/"): bytes.append(contentsOf: #"\/"#.utf8)
            case UInt8(ascii: "\n"): bytes.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"): bytes.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\t"): bytes.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: #"\u00"#.utf8)
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
