public import Foundation
public import SigV4

/// A client for the EC2 Query API of any endpoint: LocalVPC, moto, or AWS itself.
///
/// Each call is one SigV4-signed `POST` with a form body (`Action=…&Version=2016-11-15&…`),
/// answered by an XML document, or by AWS's error document (`<Response><Errors><Error>`),
/// which becomes an ``EC2ClientError`` with AWS's code and message. Throttling and
/// `503` answers are retried a few times with a growing pause; nothing else is, so a
/// create is never sent twice by the client itself.
public struct EC2Client: Sendable {
    /// The EC2 API version this client speaks.
    public static let apiVersion = "2016-11-15"

    /// Credentials, region and endpoint of one client.
    public struct Configuration: Sendable, Hashable {
        /// Who signs.
        public var credentials: AWSCredentials
        /// The region in the signature's scope; LocalVPC and AWS both act in this region.
        public var region: String
        /// Where requests go.
        public var endpoint: URL

        /// A configuration from its parts.
        public init(credentials: AWSCredentials, region: String, endpoint: URL) {
            self.credentials = credentials
            self.region = region
            self.endpoint = endpoint
        }
    }

    /// This client's credentials, region and endpoint.
    public let configuration: Configuration
    private let transport: any HTTPTransport
    private let now: @Sendable () -> Date
    private let retryPauses: [Duration]

    /// A client; the transport, clock and retry pauses are injectable for tests.
    public init(
        configuration: Configuration, transport: any HTTPTransport = URLSessionTransport(), now: @escaping @Sendable () -> Date = { Date() },
        retryPauses: [Duration] = [.milliseconds(500), .seconds(1), .seconds(2)]
    ) {
        self.configuration = configuration
        self.transport = transport
        self.now = now
        self.retryPauses = retryPauses
    }

    /// Calls one EC2 action and returns the response document's root element (`<ActionResponse>`).
    ///
    /// `parameters` use the wire's flattened names (`Filter.1.Name`, `IpPermissions.1.IpRanges.1.CidrIp`).
    public func call(_ action: String, _ parameters: [(String, String)] = []) async throws(EC2ClientError) -> XMLTree {
        let request = signedRequest(action, parameters)
        var attempt = 0
        while true {
            do {
                return try await exchange(request)
            } catch let error where error.isRetryable && attempt < retryPauses.count {
                try? await Task.sleep(for: retryPauses[attempt])
                attempt += 1
            }
        }
    }

    /// Calls a `Describe…` action page by page (following `nextToken`) and returns every page.
    public func callPages(_ action: String, _ parameters: [(String, String)] = []) async throws(EC2ClientError) -> [XMLTree] {
        var pages: [XMLTree] = []
        var token: String?
        repeat {
            let page = try await call(action, parameters + (token.map { [("NextToken", $0)] } ?? []))
            pages.append(page)
            token = page.text("nextToken")
        } while token != nil && pages.count < 1000
        return pages
    }

    /// The signed HTTP request for one call.
    public func signedRequest(_ action: String, _ parameters: [(String, String)]) -> HTTPRequest {
        let body = Data(([("Action", action), ("Version", Self.apiVersion)] + parameters).awsFormEncoded.utf8)
        let endpoint = configuration.endpoint
        let path = endpoint.path.isEmpty ? "/" : endpoint.path
        var headers = [
            ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
            ("Host", Self.hostHeader(endpoint)),
        ]
        let signer = SignatureV4(credentials: configuration.credentials, region: configuration.region, service: "ec2")
        headers += signer.signingHeaders(method: "POST", path: path, headers: headers, body: body, date: now())
        return HTTPRequest(method: "POST", url: endpoint, headers: headers.map { HTTPRequest.Header(name: $0.0, value: $0.1) }, body: body)
    }

    /// `host[:port]`, the port only when it is not the scheme's default (what an HTTP client sends as `Host`).
    static func hostHeader(_ url: URL) -> String {
        let host = url.host ?? ""
        let bracketed = host.contains(":") ? "[\(host)]" : host
        guard let port = url.port else { return bracketed }
        let scheme = url.scheme?.lowercased()
        if (scheme == "http" && port == 80) || (scheme == "https" && port == 443) { return bracketed }
        return "\(bracketed):\(port)"
    }

    private func exchange(_ request: HTTPRequest) async throws(EC2ClientError) -> XMLTree {
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch {
            throw .requestFailed(configuration.endpoint.absoluteString, Self.reason(error))
        }
        let document = XMLTree(parsing: response.body)
        if let document, let error = Self.serviceError(in: document, statusCode: response.statusCode) { throw error }
        guard (200..<300).contains(response.statusCode), let document else {
            throw .unexpectedResponse(status: response.statusCode, body: String(decoding: response.body, as: UTF8.self))
        }
        return document
    }

    /// Foundation's own sentence for a transport failure ("Failed to connect to 127.0.0.1 port 1…"), not the NSError dump.
    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        return nsError.userInfo[NSLocalizedDescriptionKey] as? String ?? nsError.localizedDescription
    }

    /// The error an AWS error document describes (`<Response><Errors><Error><Code>`), or nil for any other document.
    public static func serviceError(in document: XMLTree, statusCode: Int) -> EC2ClientError? {
        let error = document.element("Errors/Error") ?? (document.name == "ErrorResponse" ? document.child("Error") : nil)
        guard let error, let code = error.text("Code") else { return nil }
        let requestId = document.text("RequestID") ?? document.text("RequestId")
        return EC2ClientError(code: code, message: error.text("Message") ?? "", statusCode: statusCode, requestId: requestId)
    }
}
