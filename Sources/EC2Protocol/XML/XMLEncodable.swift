import AWSTimestamp
public import Foundation

/// A value that writes itself as the content of an XML element.
///
/// The generated response structures conform, writing each member as the element botocore's `EC2QueryParser` looks
/// for; the scalars write their text, and arrays write EC2's `<item>` list.
public protocol XMLEncodable {
    /// Writes the content of this value's element (its children or text, not the element itself).
    func encode(to xml: inout XMLWriter)
}

extension String: XMLEncodable {
    public func encode(to xml: inout XMLWriter) {
        xml.text(self)
    }
}

extension Int: XMLEncodable {
    public func encode(to xml: inout XMLWriter) {
        xml.text(String(self))
    }
}

extension Bool: XMLEncodable {
    /// `true` or `false`.
    public func encode(to xml: inout XMLWriter) {
        xml.text(self ? "true" : "false")
    }
}

extension Double: XMLEncodable {
    public func encode(to xml: inout XMLWriter) {
        xml.text(String(self))
    }
}

extension Date: XMLEncodable {
    /// ISO 8601 in UTC with milliseconds, as EC2 writes timestamps: `2026-11-21T02:20:32.000Z`.
    public func encode(to xml: inout XMLWriter) {
        xml.text(AWSTimestamp.format(self))
    }
}

extension Data: XMLEncodable {
    /// Base64, as EC2 writes blobs.
    public func encode(to xml: inout XMLWriter) {
        xml.text(base64EncodedString())
    }
}

extension Array: XMLEncodable where Element: XMLEncodable {
    /// One `<item>` element per element, EC2's list encoding.
    public func encode(to xml: inout XMLWriter) {
        for element in self {
            xml.element("item", element)
        }
    }
}
