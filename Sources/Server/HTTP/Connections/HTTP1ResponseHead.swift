import Foundation
import HTTPTypes
import HummingbirdCore
import NIOCore

/// An answer's status line and header fields as HTTP/1.1 bytes, and how its body is framed on the wire.
struct HTTP1ResponseHead {
    /// How the body follows the head.
    enum Framing: Equatable {
        /// `Content-Length` bytes, or none at all (HEAD, 204, 304): written with the head and flushed once.
        case fixed
        /// `Transfer-Encoding: chunked`: a body whose length is not known ahead (`text/event-stream`), each part
        /// flushed as it comes.
        case chunked
    }

    let bytes: ByteBuffer
    let framing: Framing
    /// Whether body bytes are written at all (not for HEAD, 1xx, 204 and 304).
    let carriesBody: Bool

    /// `response`'s head, with `Date` and `Server` set as every answer carries them, `Connection: close` when the
    /// connection ends after it, and `Transfer-Encoding: chunked` when the body's length is not known. Those are
    /// written after the route's own fields, in place of any the route set, rather than set in `response.headers`
    /// first (each set searched and rebuilt the fields: a few percent of a small answer's CPU).
    init(
        _ response: Response, requestMethod: HTTPRequest.Method, closing: Bool, date: String, serverName: String,
        allocator: ByteBufferAllocator
    ) {
        let code = response.status.code
        carriesBody = requestMethod != .head && code >= 200 && code != 204 && code != 304
        let chunked = response.body.contentLength == nil && carriesBody && !response.headers.contains(.contentLength)
        framing = chunked ? .chunked : .fixed
        var bytes = allocator.buffer(capacity: 160)
        bytes.writeStaticString("HTTP/1.1 ")
        bytes.writeString(String(code))
        bytes.writeInteger(UInt8(ascii: " "))
        bytes.writeString(response.status.reasonPhrase)
        bytes.writeStaticString("\r\n")
        for field in response.headers {
            switch field.name {
            case .date, .server: continue
            case .connection where closing: continue
            case .transferEncoding where chunked: continue
            default: Self.write(field.name.rawName, field.value, into: &bytes)
            }
        }
        Self.write("Date", date, into: &bytes)
        Self.write("Server", serverName, into: &bytes)
        if closing { Self.write("Connection", "close", into: &bytes) }
        if chunked { Self.write("Transfer-Encoding", "chunked", into: &bytes) }
        bytes.writeStaticString("\r\n")
        self.bytes = bytes
    }

    private static func write(_ name: String, _ value: String, into bytes: inout ByteBuffer) {
        bytes.writeString(name)
        bytes.writeStaticString(": ")
        bytes.writeString(value)
        bytes.writeStaticString("\r\n")
    }

    /// The head of the answer to a request that could not be read as HTTP at all: no request, so no XML.
    static let badRequest = ByteBuffer(string: "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")

    /// What a client that sent `Expect: 100-continue` waits for before its body.
    static let continueHead = ByteBuffer(string: "HTTP/1.1 100 Continue\r\n\r\n")
}

/// The `Date` header's text (RFC 9110's IMF-fixdate), made once a second per connection's handler.
struct HTTPDate {
    private var second = -1
    private var text = ""

    /// Now's date as a `Date` header says it.
    mutating func now() -> String {
        var now = time_t()
        time(&now)
        let second = Int(now)
        if second != self.second {
            self.second = second
            text = Self.format(now)
        }
        return text
    }

    static func format(_ seconds: time_t) -> String {
        var seconds = seconds
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return
            "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
