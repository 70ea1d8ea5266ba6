/// Builds an XML document as text, escaping as it goes.
///
/// Used by the generated `XMLEncodable` conformances; element names come from the service model, so they are written
/// as given, while text is escaped (`&`, `<`, `>`, `"`, `'`) and characters XML 1.0 cannot carry become U+FFFD.
///
/// ```swift
/// var xml = XMLWriter()
/// xml.element("vpcSet") { xml in
///     xml.element("item") { xml in xml.element("vpcId", "vpc-1") }
/// }
/// ```
public struct XMLWriter: Sendable {
    /// The document so far, as UTF-8. Bytes rather than a `String`, so that writing a large Describe answer is
    /// a run of appends instead of one string operation per element and scalar.
    public private(set) var bytes: [UInt8] = []

    /// The document so far.
    public var output: String { String(decoding: bytes, as: UTF8.self) }

    /// Creates an empty writer.
    public init() {}

    /// Creates an empty writer with room for `capacity` bytes, so that a small document is written without regrowing.
    public init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// `<name>value</name>`, or nothing if `value` is nil; an empty value is written `<name/>`.
    ///
    /// An array writes one `<item>` per element (EC2's list encoding), so `[]` is `<name/>`, which clients read as an
    /// empty list.
    public mutating func element<Value: XMLEncodable>(_ name: String, _ value: Value?) {
        guard let value else { return }
        element(name) { value.encode(to: &$0) }
    }

    /// `<name><itemName>…</itemName>…</name>` for a list whose items are not named `item`; nothing if `value` is nil.
    public mutating func element<Element: XMLEncodable>(_ name: String, _ value: [Element]?, itemName: String) {
        guard let value else { return }
        element(name) { xml in
            for item in value {
                xml.element(itemName, item)
            }
        }
    }

    /// `<name>`, whatever `content` writes, `</name>`; `<name/>` if it writes nothing.
    public mutating func element(_ name: String, _ content: (inout XMLWriter) -> Void) {
        open(name)
        let contentStart = bytes.count
        content(&self)
        if bytes.count == contentStart {
            bytes.removeLast()
            bytes.append(contentsOf: "/>".utf8)
        } else {
            close(name)
        }
    }

    /// `<name>value</name>` for text, or nothing if `value` is nil; an empty value is written `<name/>`.
    ///
    /// The generic `element` without its closure, for the most common elements of a response: strings (ids, states,
    /// addresses).
    public mutating func element(_ name: String, _ value: String?) {
        guard let value else { return }
        if value.isEmpty {
            bytes.append(UInt8(ascii: "<"))
            append(name)
            bytes.append(contentsOf: "/>".utf8)
            return
        }
        open(name)
        text(value)
        close(name)
    }

    /// `<name>`; pair with ``close(_:)``.
    public mutating func open(_ name: String) {
        bytes.append(UInt8(ascii: "<"))
        append(name)
        bytes.append(UInt8(ascii: ">"))
    }

    /// `</name>`.
    public mutating func close(_ name: String) {
        bytes.append(UInt8(ascii: "<"))
        bytes.append(UInt8(ascii: "/"))
        append(name)
        bytes.append(UInt8(ascii: ">"))
    }

    /// The UTF-8 of `string`, copied from its contiguous storage at once (a walk of `string.utf8` through the generic
    /// `append(contentsOf:)` was the largest single cost of rendering a large DescribeVpcs).
    @inline(__always)
    private mutating func append(_ string: String) {
        var string = string
        string.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Escaped character data.
    public mutating func text(_ string: String) {
        // Almost all text (ids, addresses, states) is printable ASCII with nothing to escape: copied as it is, checked
        // over the string's contiguous UTF-8 (a generic walk of `utf8` was a tenth of a large DescribeVpcs's time).
        var string = string
        let copied = string.withUTF8 { utf8 in
            for byte in utf8 where !Self.isPlain(byte) { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if copied { return }
        for scalar in string.unicodeScalars {
            switch scalar {
            case "&": bytes.append(contentsOf: "&amp;".utf8)
            case "<": bytes.append(contentsOf: "&lt;".utf8)
            case ">": bytes.append(contentsOf: "&gt;".utf8)
            case "\"": bytes.append(contentsOf: "&quot;".utf8)
            case "'": bytes.append(contentsOf: "&apos;".utf8)
            // An XML parser would turn a literal carriage return into a line feed.
            case "\r": bytes.append(contentsOf: "&#13;".utf8)
            case "\t", "\n", "\u{20}"..."\u{D7FF}", "\u{E000}"..."\u{FFFD}", "\u{10000}"...: bytes.append(contentsOf: String(scalar).utf8)
            default: bytes.append(contentsOf: "\u{FFFD}".utf8)
            }
        }
    }

    /// Printable ASCII that XML text carries as it is.
    @inline(__always)
    private static func isPlain(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"): false
        default: byte >= 0x20 && byte < 0x7F
        }
    }

    /// Markup written as is: the caller guarantees it is well-formed.
    public mutating func raw(_ markup: String) {
        append(markup)
    }
}
