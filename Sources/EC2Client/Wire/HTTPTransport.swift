public import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One HTTP exchange as plain values, so that ``EC2Client`` can be tested without a network.
public protocol HTTPTransport: Sendable {
    /// Sends the request and returns the status and body of whatever answered.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

/// An outgoing request: method, URL, headers (in order) and body.
public struct HTTPRequest: Sendable, Hashable {
    /// `POST` for EC2 Query.
    public var method: String
    /// The full URL.
    public var url: URL
    /// Header names and values, in the order they are sent.
    public var headers: [Header]
    /// The body bytes.
    public var body: Data

    /// One header line.
    public struct Header: Sendable, Hashable {
        /// The header's name, as sent.
        public var name: String
        /// The header's value.
        public var value: String
    }

    /// The value of the first header named `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// An answer: status and body.
public struct HTTPResponse: Sendable, Hashable {
    /// The HTTP status code.
    public var statusCode: Int
    /// The body bytes.
    public var body: Data

    /// A response from its parts.
    public init(statusCode: Int, body: Data) {
        self.statusCode = statusCode
        self.body = body
    }
}

/// The real transport: Foundation's `URLSession` (FoundationNetworking on Linux).
public struct URLSessionTransport: HTTPTransport {
    /// Seconds before a request without an answer fails.
    public var timeout: TimeInterval

    /// A transport with a per-request timeout.
    public init(timeout: TimeInterval = 60) {
        self.timeout = timeout
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url, timeoutInterval: timeout)
        urlRequest.httpMethod = request.method
        urlRequest.httpBody = request.body
        for header in request.headers where header.name.lowercased() != "host" {
            urlRequest.setValue(header.value, forHTTPHeaderField: header.name)
        }
        let (data, response) = try await URLSession.shared.data(for: urlRequest)
        return HTTPResponse(statusCode: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data)
    }
}
