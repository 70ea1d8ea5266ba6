import Foundation
import SigV4
import Testing

/// Whole requests from AWS's SigV4 test suite (`aws-signing-test-suite/`, copied from awslabs/aws-c-auth): each
/// verifies with the suite's key at the suite's time, and fails once anything signed is changed.
struct SignatureV4SuiteTests {
    static let cases = [
        "get-header-key-duplicate", "get-header-value-trim", "get-slash-dot-slash-normalized", "get-space-normalized", "get-utf8",
        "get-vanilla-query-order-key-case", "get-vanilla-query-unreserved", "get-vanilla-utf8-query", "get-vanilla-with-session-token",
        "post-x-www-form-urlencoded",
    ]
    static let suiteDate = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z
    static let token = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"

    static func verifier(token: String?) -> SignatureV4Verifier {
        SignatureV4Verifier(services: ["service"], isKnownRegion: { $0 == "us-east-1" }) { key in
            key == "AKIDEXAMPLE"
                ? AWSCredentials(accessKeyId: key, secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: token) : nil
        }
    }

    /// The suite's `header-signed-request.txt`: a request line, `Name:value` headers, a blank line, the body.
    static func request(_ name: String) throws -> SignedRequest {
        let url = try #require(
            Bundle.module.url(forResource: "header-signed-request", withExtension: "txt", subdirectory: "aws-signing-test-suite/\(name)"))
        let text = try String(contentsOf: url, encoding: .utf8)
        let (head, body) = try #require(text.range(of: "\n\n").map { (String(text[..<$0.lowerBound]), String(text[$0.upperBound...])) })
        let lines = head.split(separator: "\n", omittingEmptySubsequences: false)
        let requestLine = lines[0].split(separator: " ")
        let target = requestLine.dropFirst().dropLast().joined(separator: " ")
        let (path, query) = target.firstIndex(of: "?").map { (String(target[..<$0]), String(target[target.index(after: $0)...])) } ?? (target, "")
        let headers = lines.dropFirst().map { line -> (String, String) in
            let colon = line.firstIndex(of: ":") ?? line.endIndex
            return (String(line[..<colon]), String(line[line.index(after: colon)...]))
        }
        return SignedRequest(method: String(requestLine[0]), path: path, query: query, headers: headers, body: Data(body.utf8))
    }

    @Test(arguments: cases)
    func verifiesAsSigned(name: String) throws {
        let request = try Self.request(name)
        let signer = try Self.verifier(token: name.hasSuffix("session-token") ? Self.token : nil).verify(request, now: Self.suiteDate)
        #expect(signer == .init(accessKeyId: "AKIDEXAMPLE", region: "us-east-1", service: "service"))
    }

    /// Changing the signed method, or the last hex digit of the signature, makes the same request fail.
    @Test(arguments: cases)
    func failsWhenChanged(name: String) throws {
        let verifier = Self.verifier(token: name.hasSuffix("session-token") ? Self.token : nil)
        var request = try Self.request(name)
        request.method = request.method == "GET" ? "PUT" : "GET"
        #expect(throws: SignatureV4Failure(.signatureDoesNotMatch, SignatureV4Failure.mismatchMessage)) {
            try verifier.verify(request, now: Self.suiteDate)
        }
        request = try Self.request(name)
        let index = try #require(request.headers.firstIndex { $0.0 == "Authorization" })
        let last = request.headers[index].1.last == "0" ? "1" : "0"
        request.headers[index].1 = String(request.headers[index].1.dropLast()) + last
        #expect(throws: SignatureV4Failure(.signatureDoesNotMatch, SignatureV4Failure.mismatchMessage)) {
            try verifier.verify(request, now: Self.suiteDate)
        }
    }
}
