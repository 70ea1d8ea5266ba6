import Foundation
import HTTPTypes
import HummingbirdCore
import NIOCore
import NIOHTTP1
import Testing

@testable import Server

/// The pieces of `HTTP1ExchangeHandler` that are rules rather than I/O: how a request head becomes the router's
/// request, and how an answer's head is written and framed. (The connection's behaviour is in the client tests,
/// `test_http_exchange.py`.)
struct HTTP1ExchangeTests {
    @Test(arguments: [
        ("/", "/"), ("/?Action=DescribeVpcs", "/?Action=DescribeVpcs"), ("/_localvpc/health", "/_localvpc/health"),
        ("http://localhost:4566/?a=b", "/?a=b"), ("http://localhost:4566", "/"), ("http://localhost:4566?a=b", "/?a=b"), ("*", "*"),
    ])
    func aTargetsPathIsItsOriginForm(target: String, path: String) {
        #expect(HTTPRequest.path(of: target) == path)
    }

    @Test func theHostHeaderBecomesTheAuthorityAndTheOtherHeadersStay() throws {
        let head = HTTPRequestHead(
            version: .http1_1, method: .POST, uri: "/",
            headers: ["Host": "localhost:4566", "Content-Type": "application/x-www-form-urlencoded", "X-Amz-Date": "20261205T000000Z"])
        let request = try #require(HTTPRequest(http1: head))
        #expect(request.method == .post)
        #expect(request.authority == "localhost:4566")
        #expect(request.path == "/")
        #expect(request.headerFields[.contentType] == "application/x-www-form-urlencoded")
        #expect(request.headerFields[HTTPField.Name("x-amz-date")!] == "20261205T000000Z")
        #expect(!request.headerFields.contains(HTTPField.Name("host")!))
    }

    @Test func aMethodThatIsNotATokenIsNoRequest() {
        let head = HTTPRequestHead(version: .http1_1, method: .RAW(value: "GE T"), uri: "/")
        #expect(HTTPRequest(http1: head) == nil)
    }

    @Test func aFixedLengthAnswerCarriesItsLengthDateServerAndClose() {
        let response = Response(status: .ok, headers: [.contentType: "text/xml"], body: ResponseBody(byteBuffer: ByteBuffer(string: "<a/>")))
        let head = HTTP1ResponseHead(
            response, requestMethod: .post, closing: true, date: "Sat, 05 Dec 2026 20:00:00 GMT", serverName: "LocalVPC",
            allocator: ByteBufferAllocator())
        #expect(head.framing == .fixed && head.carriesBody)
        #expect(
            String(buffer: head.bytes)
                == "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 4\r\nDate: Sat, 05 Dec 2026 20:00:00 GMT\r\n"
                + "Server: LocalVPC\r\nConnection: close\r\n\r\n")
    }

    /// A route's own `Date`, `Server` and (on a closing connection) `Connection` give way to the connection's: one of
    /// each, never two.
    @Test func theConnectionsFieldsReplaceARoutesOwn() {
        let response = Response(
            status: .ok, headers: [.date: "yesterday", .server: "other", .connection: "keep-alive", .contentType: "text/xml"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: "<a/>")))
        func head(closing: Bool) -> String {
            let head = HTTP1ResponseHead(response, requestMethod: .get, closing: closing, date: "d", serverName: "LocalVPC", allocator: .init())
            return String(buffer: head.bytes)
        }
        #expect(
            head(closing: true)
                == "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 4\r\nDate: d\r\nServer: LocalVPC\r\nConnection: close\r\n\r\n")
        #expect(
            head(closing: false)
                == "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Type: text/xml\r\nContent-Length: 4\r\nDate: d\r\nServer: LocalVPC\r\n\r\n")
    }

    @Test func anAnswerOfUnknownLengthIsChunked() {
        let response = Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody { _ in })
        let head = HTTP1ResponseHead(response, requestMethod: .get, closing: false, date: "d", serverName: "s", allocator: ByteBufferAllocator())
        #expect(head.framing == .chunked && head.carriesBody)
        #expect(String(buffer: head.bytes).contains("\r\nTransfer-Encoding: chunked\r\n"))
        #expect(!String(buffer: head.bytes).contains("Connection"))
    }

    @Test(arguments: [(HTTPRequest.Method.head, HTTPResponse.Status.ok), (.get, .noContent), (.get, .notModified)])
    func someAnswersCarryNoBody(method: HTTPRequest.Method, status: HTTPResponse.Status) {
        let response = Response(status: status, body: ResponseBody(byteBuffer: ByteBuffer(string: "body")))
        let head = HTTP1ResponseHead(response, requestMethod: method, closing: false, date: "d", serverName: "s", allocator: ByteBufferAllocator())
        #expect(!head.carriesBody)
        #expect(head.framing == .fixed)
    }

    @Test(arguments: [
        (0, "Thu, 01 Jan 1970 00:00:00 GMT"), (1_796_500_800, "Sat, 05 Dec 2026 20:00:00 GMT"), (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),
    ])
    func theDateIsAnIMFFixdate(seconds: Int, text: String) {
        #expect(HTTPDate.format(time_t(seconds)) == text)
    }
}
