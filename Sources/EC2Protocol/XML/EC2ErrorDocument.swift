/// The XML document of an EC2 error response, as botocore's `EC2QueryParser` reads it.
///
/// ```xml
/// <?xml version="1.0" encoding="UTF-8"?>
/// <Response><Errors><Error><Code>InvalidVpcID.NotFound</Code><Message>…</Message></Error></Errors><RequestID>…</RequestID></Response>
/// ```
public struct EC2ErrorDocument: Sendable, Hashable {
    /// The AWS error code, such as `InvalidVpcID.NotFound`; clients dispatch on it.
    public var code: String
    /// The human-readable message.
    public var message: String
    /// The request id; botocore reports it as `ResponseMetadata.RequestId`.
    public var requestId: String

    /// An error document with any code and message.
    public init(code: String, message: String, requestId: String) {
        self.code = code
        self.message = message
        self.requestId = requestId
    }

    /// The document for a request the decoder rejected.
    public init(_ error: QueryDecodingError, requestId: String) {
        self.init(code: error.code, message: error.message, requestId: requestId)
    }

    /// The complete document, as UTF-8: what the server sends, as it is.
    public var bytes: [UInt8] {
        var writer = XMLWriter(capacity: 256 + message.utf8.count)
        writer.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        writer.element("Response") { xml in
            xml.element("Errors") { xml in
                xml.element("Error") { xml in
                    xml.element("Code", code)
                    xml.element("Message", message)
                }
            }
            xml.element("RequestID", requestId)
        }
        return writer.bytes
    }

    /// The complete document.
    public var xml: String { String(decoding: bytes, as: UTF8.self) }
}
