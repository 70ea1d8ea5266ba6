/// A small recursive-descent JSON parser producing ``JSONValue``s with ordered object keys.
struct JSONParser {
    private let bytes: [UInt8]
    private var position = 0
    private var depth = 0

    /// Parses a complete JSON document.
    static func parse(_ bytes: [UInt8]) throws(CodegenError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.position == bytes.count else { throw parser.error("trailing characters") }
        return value
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private mutating func parseValue() throws(CodegenError) -> JSONValue {
        skipWhitespace()
        guard position < bytes.count else { throw error("unexpected end of input") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try parseLiteral("true", .bool(true))
        case UInt8(ascii: "f"): return try parseLiteral("false", .bool(false))
        case UInt8(ascii: "n"): return try parseLiteral("null", .null)
        default: return try parseNumber()
        }
    }

    private mutating func parseObject() throws(CodegenError) -> JSONValue {
        try enterContainer()
        var object = JSONObject()
        position += 1
        skipWhitespace()
        if consume(UInt8(ascii: "}")) {
            depth -= 1
            return .object(object)
        }
        repeat {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw error("expected an object key") }
            let key = try parseString()
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { throw error("expected ':'") }
            object.set(key, try parseValue())
            skipWhitespace()
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "}")) else { throw error("expected '}'") }
        depth -= 1
        return .object(object)
    }

    private mutating func parseArray() throws(CodegenError) -> JSONValue {
        try enterContainer()
        var elements: [JSONValue] = []
        position += 1
        skipWhitespace()
        if consume(UInt8(ascii: "]")) {
            depth -= 1
            return .array(elements)
        }
        repeat {
            elements.append(try parseValue())
            skipWhitespace()
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "]")) else { throw error("expected ']'") }
        depth -= 1
        return .array(elements)
    }

    private mutating func parseString() throws(CodegenError) -> String {
        position += 1
        var utf8: [UInt8] = []
        var run = position
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\""):
                utf8 += bytes[run..<position]
                position += 1
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                utf8 += bytes[run..<position]
                position += 1
                utf8 += String(try parseEscape()).utf8
                run = position
            default:
                position += 1
            }
        }
        throw error("unterminated string")
    }

    private mutating func parseEscape() throws(CodegenError) -> Unicode.Scalar {
        guard position < bytes.count else { throw error("unterminated escape") }
        let byte = bytes[position]
        position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return Unicode.Scalar(byte)
        case UInt8(ascii: "b"): return "\u{8}"
        case UInt8(ascii: "f"): return "\u{C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let high = try parseHex4()
            if (0xD800..<0xDC00).contains(high), consume(UInt8(ascii: "\\")), consume(UInt8(ascii: "u")) {
                let low = try parseHex4()
                let combined = 0x10000 + ((high - 0xD800) << 10) + (low &- 0xDC00)
                return Unicode.Scalar(combined) ?? "\u{FFFD}"
            }
            return Unicode.Scalar(high) ?? "\u{FFFD}"
        default: throw error("invalid escape")
        }
    }

    private mutating func parseHex4() throws(CodegenError) -> UInt32 {
        guard position + 4 <= bytes.count,
            let value = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16)
        else { throw error("invalid \\u escape") }
        position += 4
        return value
    }

    private mutating func parseNumber() throws(CodegenError) -> JSONValue {
        let start = position
        let allowed = Set("+-0123456789.eE".utf8)
        while position < bytes.count, allowed.contains(bytes[position]) {
            position += 1
        }
        guard position > start, let value = Double(String(decoding: bytes[start..<position], as: UTF8.self)) else {
            throw error("invalid value")
        }
        return .number(value)
    }

    private mutating func parseLiteral(_ literal: String, _ value: JSONValue) throws(CodegenError) -> JSONValue {
        let expected = Array(literal.utf8)
        guard bytes.count - position >= expected.count, Array(bytes[position..<position + expected.count]) == expected else {
            throw error("invalid literal")
        }
        position += expected.count
        return value
    }

    private mutating func enterContainer() throws(CodegenError) {
        depth += 1
        guard depth <= 512 else { throw error("nesting too deep") }
    }

    private mutating func skipWhitespace() {
        while position < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[position]) {
            position += 1
        }
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    private func error(_ reason: String) -> CodegenError {
        .invalidModel("JSON \(reason) at byte \(position)")
    }
}
