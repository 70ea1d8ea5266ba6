import Foundation

/// An HTTP request to the instance metadata service, as the handler read it off the connection.
struct MetadataRequest: Sendable {
    let method: String
    /// The request target as sent (`/latest/meta-data/`), query and all.
    let target: String
    /// Header names and values in the order sent; names match case-insensitively.
    let headers: [(name: String, value: String)]
    /// Whether it came to the IPv6 address (`fd00:ec2::254`), which answers only with `HttpProtocolIpv6` on.
    let overIPv6: Bool

    init(method: String, target: String, headers: [(name: String, value: String)] = [], overIPv6: Bool = false) {
        self.method = method
        self.target = target
        self.headers = headers
        self.overIPv6 = overIPv6
    }

    /// The first value of the header `name`.
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The path's components, without the query, empty components or percent-encoding.
    var pathComponents: [String] {
        let path = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return path.split(separator: "/").map { $0.removingPercentEncoding ?? String($0) }
    }
}
