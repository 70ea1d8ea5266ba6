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
    /// The complete document, as UTF-8.
    public let bytes: [UInt8]

    /// Renders `result` as the members of the response.
    public init(action: String, requestId: String, result: some XMLEncodable) {
        var writer = XMLWriter()
        writer.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<\(action)Response xmlns=\"\(Self.namespace)\">")
        writer.element("requestId", requestId)
        result.encode(to: &writer)
        writer.close("\(action)Response")
        self.action = action
        self.requestId = requestId
        self.bytes = writer.bytes
    }

    /// The complete document.
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
