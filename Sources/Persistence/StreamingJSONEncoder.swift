public import Foundation

/// Encodes an `Encodable` value as JSON in one pass, straight into bytes.
///
/// Foundation's `JSONEncoder` first builds a tree of every value and then writes it out; for the store's
/// rows that was most of a durable write's cost. This encoder writes as the value's `encode(to:)` runs.
/// Its output is what `JSONEncoder` (default options) writes, read back by `JSONDecoder` to the same value,
/// except that `/` is not escaped and numbers are printed in Swift's shortest round-tripping form.
///
/// It supports what `Codable` types ordinarily do: keyed and unkeyed containers, nested ones, single values,
/// in the order a synthesized `encode(to:)` writes them. It does not track coding paths (every `codingPath` is
/// empty): nothing the store writes reads them, and building them cost an allocation per value. A value that needs more (`superEncoder`, a container
/// written to after a sibling opened, `Data`, `URL`, non-finite numbers) makes `encode` throw
/// `StreamingJSONEncoder.Unsupported`, and the caller uses `JSONEncoder` instead.
public struct StreamingJSONEncoder: Sendable {
    /// The value needs something this encoder leaves to `JSONEncoder`.
    public struct Unsupported: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    public init() {}

    /// `value` as JSON bytes.
    public func encode<T: Encodable>(_ value: T) throws -> Data {
        let output = JSONOutput()
        try output.encodeValue(value, codingPath: [])
        output.close(above: -1)
        if let problem = output.problem { throw Unsupported(description: problem) }
        return Data(output.bytes)
    }
}

/// The bytes written so far and the brackets still to close, innermost last.
final class JSONOutput {
    // One encoder's output is only ever touched by the thread running that encode, so the runtime's
    // per-access exclusivity checks (a measurable share of the cost) are turned off for these two.
    @exclusivity(unchecked) var bytes: [UInt8] = []
    /// The closing bracket of each open container; a container's level is its index here.
    @exclusivity(unchecked) var open: [UInt8] = []
    /// Why the value cannot be written here, once something unsupported happened.
    var problem: String?

    init() { bytes.reserveCapacity(1024) }

    /// Closes every container deeper than `level`.
    func close(above level: Int) {
        while open.count > level + 1 { bytes.append(open.removeLast()) }
    }

    func fail(_ reason: String) {
        if problem == nil { problem = reason }
    }

    /// Opens a JSON object at the next level, here, and the container that writes its members.
    func openKeyedContainer<Key: CodingKey>(codingPath: [any CodingKey]) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(JSONKeyedContainer<Key>(output: self, level: openContainer("{", closer: "}"), codingPath: codingPath))
    }

    /// Opens a JSON array at the next level, here, and the container that writes its elements.
    func openUnkeyedContainer(codingPath: [any CodingKey]) -> any UnkeyedEncodingContainer {
        JSONUnkeyedContainer(output: self, level: openContainer("[", closer: "]"), codingPath: codingPath)
    }

    /// Writes `opener` and remembers `closer`; the new container's level.
    private func openContainer(_ opener: Unicode.Scalar, closer: Unicode.Scalar) -> Int {
        bytes.append(UInt8(ascii: opener))
        open.append(UInt8(ascii: closer))
        return open.count - 1
    }

    /// Readies the container at `level` for its next member: closes what a previous member left open, and
    /// checks that the container itself is still open.
    func prepareMember(of level: Int, count: inout Int) {
        close(above: level)
        guard open.count == level + 1 else {
            fail("a container was written to after it was closed")
            return
        }
        if count > 0 { bytes.append(UInt8(ascii: ",")) }
        count += 1
    }

    func writeNull() { bytes.append(contentsOf: "null".utf8) }

    func write(_ value: Bool) { bytes.append(contentsOf: value ? "true".utf8 : "false".utf8) }

    func write(_ value: some BinaryInteger) { bytes.append(contentsOf: String(value).utf8) }

    func write(_ value: some BinaryFloatingPoint & LosslessStringConvertible) {
        guard value.isFinite else {
            fail("a non-finite number")
            return
        }
        bytes.append(contentsOf: value.description.utf8)
    }

    func write(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\n"): bytes.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"): bytes.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\t"): bytes.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                bytes.append(contentsOf: #"\u00"#.utf8)
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Writes any value at the current position, through its own `encode(to:)` unless it is a scalar.
    func encodeValue<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws {
        // Comparing metadata is much cheaper than a dynamic cast to each candidate type (or to a protocol).
        if T.self == String.self { return write(value as! String) }
        if T.self == Bool.self { return write(value as! Bool) }
        if T.self == Int.self { return write(value as! Int) }
        if T.self == Double.self { return write(value as! Double) }
        if T.self == Float.self { return write(value as! Float) }
        if T.self == Int8.self { return write(value as! Int8) }
        if T.self == Int16.self { return write(value as! Int16) }
        if T.self == Int32.self { return write(value as! Int32) }
        if T.self == Int64.self { return write(value as! Int64) }
        if T.self == UInt.self { return write(value as! UInt) }
        if T.self == UInt8.self { return write(value as! UInt8) }
        if T.self == UInt16.self { return write(value as! UInt16) }
        if T.self == UInt32.self { return write(value as! UInt32) }
        if T.self == UInt64.self { return write(value as! UInt64) }
        if T.self == Data.self || T.self == URL.self || T.self == Decimal.self { return fail("\(T.self) has its own JSONEncoder strategy") }
        let level = open.count - 1
        let start = bytes.count
        try value.encode(to: JSONValueEncoder(output: self, start: start, codingPath: codingPath))
        close(above: level)
        // A value that asked for no container at all is an empty object, as JSONEncoder writes it.
        if bytes.count == start { bytes.append(contentsOf: "{}".utf8) }
    }
}

/// The `Encoder` for one value at one position in the output.
struct JSONValueEncoder: Encoder {
    let output: JSONOutput
    /// Where the value starts in the output: a value asks for one container only, before anything is written.
    let start: Int
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(output: JSONOutput, start: Int? = nil, codingPath: [any CodingKey]) {
        self.output = output
        self.start = start ?? output.bytes.count
        self.codingPath = codingPath
    }

    private func checkFirstContainer() {
        if output.bytes.count != start { output.fail("a second container for one value") }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        checkFirstContainer()
        return output.openKeyedContainer(codingPath: codingPath)
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        checkFirstContainer()
        return output.openUnkeyedContainer(codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        checkFirstContainer()
        return JSONSingleValueContainer(output: output, codingPath: codingPath)
    }
}

struct JSONKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let output: JSONOutput
    let level: Int
    let codingPath: [any CodingKey]
    private var count = 0

    init(output: JSONOutput, level: Int, codingPath: [any CodingKey]) {
        self.output = output
        self.level = level
        self.codingPath = codingPath
    }

    private mutating func writeKey(_ key: Key) {
        output.prepareMember(of: level, count: &count)
        output.write(key.stringValue)
        output.bytes.append(UInt8(ascii: ":"))
    }

    mutating func encodeNil(forKey key: Key) throws {
        writeKey(key)
        output.writeNull()
    }

    mutating func encode(_ value: Bool, forKey key: Key) throws {
        writeKey(key)
        output.write(value)
    }

    mutating func encode(_ value: String, forKey key: Key) throws {
        writeKey(key)
        output.write(value)
    }

    mutating func encode(_ value: Double, forKey key: Key) throws {
        writeKey(key)
        output.write(value)
    }

    mutating func encode(_ value: Int, forKey key: Key) throws {
        writeKey(key)
        output.write(value)
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        writeKey(key)
        try output.encodeValue(value, codingPath: codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        writeKey(key)
        return output.openKeyedContainer(codingPath: codingPath)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        writeKey(key)
        return output.openUnkeyedContainer(codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        output.fail("superEncoder")
        return JSONValueEncoder(output: output, codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        output.fail("superEncoder")
        return JSONValueEncoder(output: output, codingPath: codingPath)
    }
}

struct JSONUnkeyedContainer: UnkeyedEncodingContainer {
    let output: JSONOutput
    let level: Int
    let codingPath: [any CodingKey]
    private(set) var count = 0

    init(output: JSONOutput, level: Int, codingPath: [any CodingKey]) {
        self.output = output
        self.level = level
        self.codingPath = codingPath
    }

    mutating func encodeNil() throws {
        output.prepareMember(of: level, count: &count)
        output.writeNull()
    }

    mutating func encode(_ value: Bool) throws {
        output.prepareMember(of: level, count: &count)
        output.write(value)
    }

    mutating func encode(_ value: String) throws {
        output.prepareMember(of: level, count: &count)
        output.write(value)
    }

    mutating func encode(_ value: Double) throws {
        output.prepareMember(of: level, count: &count)
        output.write(value)
    }

    mutating func encode(_ value: Int) throws {
        output.prepareMember(of: level, count: &count)
        output.write(value)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        output.prepareMember(of: level, count: &count)
        try output.encodeValue(value, codingPath: codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        output.prepareMember(of: level, count: &count)
        return output.openKeyedContainer(codingPath: codingPath)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        output.prepareMember(of: level, count: &count)
        return output.openUnkeyedContainer(codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        output.fail("superEncoder")
        return JSONValueEncoder(output: output, codingPath: codingPath)
    }
}

/// A single value: written where it stands, once.
struct JSONSingleValueContainer: SingleValueEncodingContainer {
    let output: JSONOutput
    let codingPath: [any CodingKey]
    private var written = false

    init(output: JSONOutput, codingPath: [any CodingKey]) {
        self.output = output
        self.codingPath = codingPath
    }

    private mutating func prepare() {
        if written { output.fail("a single value written twice") }
        written = true
    }

    mutating func encodeNil() throws {
        prepare()
        output.writeNull()
    }

    mutating func encode(_ value: Bool) throws {
        prepare()
        output.write(value)
    }

    mutating func encode(_ value: String) throws {
        prepare()
        output.write(value)
    }

    mutating func encode(_ value: Double) throws {
        prepare()
        output.write(value)
    }

    mutating func encode(_ value: Int) throws {
        prepare()
        output.write(value)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        prepare()
        try output.encodeValue(value, codingPath: codingPath)
    }
}
