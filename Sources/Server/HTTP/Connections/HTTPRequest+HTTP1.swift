import Foundation
import HTTPTypes
import NIOHTTP1

extension HTTPRequest {
    /// A request head as NIO's HTTP/1.1 decoder reads it, in the form Hummingbird's router takes (the `Host` header as
    /// its authority); nil if its method is not a valid token.
    init?(http1 head: HTTPRequestHead) {
        guard let method = HTTPRequest.Method(head.method.rawValue) else { return nil }
        var fields = HTTPFields()
        fields.reserveCapacity(head.headers.count)
        var authority: String?
        for (name, value) in head.headers {
            if authority == nil, name.lowercased() == "host" {
                authority = value
                continue
            }
            if let name = HTTPField.Name(name) { fields.append(HTTPField(name: name, value: value)) }
        }
        self.init(method: method, scheme: "http", authority: authority, path: Self.path(of: head.uri), headerFields: fields)
    }

    /// The path and query of a request target: as sent in origin form (`/a?b`), cut from an absolute form
    /// (`http://host/a?b`).
    static func path(of target: String) -> String {
        if target.hasPrefix("/") || target == "*" { return target }
        guard let scheme = target.range(of: "://") else { return target }
        let rest = target[scheme.upperBound...]
        guard let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return "/" }
        let path = String(rest[slash...])
        return path.hasPrefix("?") ? "/" + path : path
    }
}
