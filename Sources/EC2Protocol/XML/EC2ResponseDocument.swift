/// The XML document of a successful EC2 response.
///
/// ```xml
/// <?xml version="1.0" encoding="UTF-8"?>
/// <CreateVpcResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>…</requestId><vpc>…</vpc></CreateVpcResponse>
/// ```
public struct EC2ResponseDocument: Sendable, Hashable {
    /// The EC2 XML namespace of API version 2016-11-15.
    public static let namespace = "http://ec2.amazonaws.com/doc/2016-11-15/"

    /// The operation, such as `CreateVpc`; the root element is `<CreateVpcResponse>`.
    public let action: String
    /// The request id, echoed as `<requestId>`; botocore reports it as `ResponseMetadata.RequestId`.
    public let requestId: String
    /// The complete document, as UTF-8: what the server sends, as it is (rendered once, never copied into a `String`).
    public let bytes: [UInt8]
    /// Where the request id's text is in ``bytes``: the one part of an answer that differs between two identical
    /// requests, so that a server may answer the next one with these bytes and another id in its place.
    public let requestIdRange: Range<Int>

    /// Renders `result` as the members of the response.
    public init(action: String, requestId: String, result: some XMLEncodable) {
        var writer = XMLWriter(capacity: 1024)
        writer.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<\(action)Response xmlns=\"\(Self.namespace)\">")
        writer.open("requestId")
        let idStart = writer.bytes.count
        writer.text(requestId)
        let idEnd = writer.bytes.count
        writer.close("requestId")
        result.encode(to: &writer)
        writer.close("\(action)Response")
        self.action = action
        self.requestId = requestId
        self.bytes = writer.bytes
        self.requestIdRange = idStart..<idEnd
    }

    /// The complete document as a `String`, for tests and tools (the server sends ``bytes``).
    public var xml: String { String(decoding: bytes, as: UTF8.self) }
}

/// The result of an operation that has no result shape: `<return>true</return>`, as EC2 answers `DeleteVpc`.
public struct EC2ReturnValue: XMLEncodable, Sendable, Hashable {
    /// The value of `<return>`.
    public var value: Bool

    /// A `<return>` of `value`.
    public init(_ value: Bool) {
        self.value = value
    }

    public func encode(to xml: inout XMLWriter) {
        xml.element("return", value)
    }
}
