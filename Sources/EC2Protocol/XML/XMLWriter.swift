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
    /// The document so far.
    public private(set) var output = ""

    /// Creates an empty writer.
    public init() {}

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
        let contentStart = output.utf8.count
        content(&self)
        if output.utf8.count == contentStart {
            output.removeLast()
            output += "/>"
        } else {
            close(name)
        }
    }

    /// `<name>`; pair with ``close(_:)``.
    public mutating func open(_ name: String) {
        output += "<\(name)>"
    }

    /// `</name>`.
    public mutating func close(_ name: String) {
        output += "</\(name)>"
    }

    /// Escaped character data.
    public mutating func text(_ string: String) {
        for scalar in string.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&apos;"
            // An XML parser would turn a literal carriage return into a line feed.
            case "\r": output += "&#13;"
            case "\t", "\n", "\u{20}"..."\u{D7FF}", "\u{E000}"..."\u{FFFD}", "\u{10000}"...: output.unicodeScalars.append(scalar)
            default: output += "\u{FFFD}"
            }
        }
    }

    /// Markup written as is: the caller guarantees it is well-formed.
    public mutating func raw(_ markup: String) {
        output += markup
    }
}
