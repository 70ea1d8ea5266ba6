import Foundation

/// What the instance metadata service answers one request, before it is written to the connection.
struct MetadataResponse: Sendable, Equatable {
    let status: Int
    let reason: String
    let headers: [Header]
    let body: [UInt8]
    /// The IP TTL (IPv6 hop limit) the answer leaves with: the instance's `HttpPutResponseHopLimit` for a token, so a
    /// token cannot reach a container more hops away; nil leaves the system's default.
    let hopLimit: Int?

    struct Header: Sendable, Equatable {
        let name: String
        let value: String
    }

    /// The value of the header `name`.
    func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }

    var text: String { String(decoding: body, as: UTF8.self) }

    /// A `200 OK` with a `text/plain` body, as AWS answers every value and listing.
    static func ok(_ body: [UInt8], headers: [Header] = [], hopLimit: Int? = nil) -> Self {
        Self(
            status: 200, reason: "OK",
            headers: [Header(name: "Content-Type", value: "text/plain"), Header(name: "Accept-Ranges", value: "none")] + headers,
            body: body, hopLimit: hopLimit)
    }

    /// An error, with AWS's page for it (`404 - Not Found` as an XHTML title and heading).
    static func error(_ status: Int, _ reason: String, headers: [Header] = []) -> Self {
        let title = "\(status) - \(reason)"
        let page = """
            <?xml version="1.0" encoding="iso-8859-1"?>
            <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
            \t"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
            <html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
             <head>
              <title>\(title)</title>
             </head>
             <body>
              <h1>\(title)</h1>
             </body>
            </html>

            """
        return Self(
            status: status, reason: reason, headers: [Header(name: "Content-Type", value: "text/html")] + headers, body: Array(page.utf8),
            hopLimit: nil)
    }

    /// This response with a `Date` header: `now` on the server's clock, in HTTP's format (RFC 9110).
    func dated(_ now: Date) -> Self {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return Self(
            status: status, reason: reason, headers: headers + [Header(name: "Date", value: formatter.string(from: now))], body: body,
            hopLimit: hopLimit)
    }

    static let badRequest = error(400, "Bad Request")
    static let unauthorized = error(401, "Unauthorized")
    static let forbidden = error(403, "Forbidden")
    static let notFound = error(404, "Not Found")
}
