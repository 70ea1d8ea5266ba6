public import Foundation

/// An HTTP request as it arrived, in the form SigV4 verification reads it: nothing decoded or reordered yet.
public struct SignedRequest: Sendable {
    /// `GET`, `POST`, …
    public var method: String
    /// The path exactly as on the request line (still percent-encoded), without the query.
    public var path: String
    /// The query string exactly as on the request line, without the `?` (empty when there is none).
    public var query: String
    /// Every header, names as sent (compared case-insensitively), repeated names kept in order.
    public var headers: [(String, String)]
    /// The body, whose SHA-256 is the payload hash.
    public var body: Data

    /// A request from its parts.
    public init(method: String, path: String, query: String, headers: [(String, String)], body: Data) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The values of header `name` (any case), in order.
    public func headerValues(_ name: String) -> [String] {
        let lowered = name.lowercased()
        return headers.filter { $0.0.lowercased() == lowered }.map(\.1)
    }

    /// The first value of header `name`, or nil.
    public func header(_ name: String) -> String? { headerValues(name).first }

    /// The query's `name=value` pairs, percent-decoded, in their order (a `+` stays a `+`: SigV4 clients encode
    /// spaces as `%20`).
    public var queryPairs: [(name: String, value: String)] {
        query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            let value = parts.count > 1 ? String(parts[1]) : ""
            return (name.removingPercentEncoding ?? name, value.removingPercentEncoding ?? value)
        }
    }

    /// The first value of query parameter `name` (exact case), or nil.
    public func queryValue(_ name: String) -> String? { queryPairs.first { $0.name == name }?.value }
}
