import Foundation
import SigV4
import Testing

/// SigV4's steps against AWS's published test suite (`get-vanilla`, `post-x-www-form-urlencoded`) and the
/// documented signing-key example; whole requests of the suite are in `SignatureV4SuiteTests`.
struct SignatureV4Tests {
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let suiteDate = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z
    static let suite = SignatureV4(
        credentials: AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: secret), region: "us-east-1", service: "service")

    @Test func timestampIsTheSuiteDate() {
        #expect(SignatureV4.timestamp(Self.suiteDate) == "20150830T123600Z")
    }

    @Test func signingKeyMatchesTheDocumentedExample() {
        let key = SignatureV4.signingKey(secretAccessKey: Self.secret, day: "20120215", region: "us-east-1", service: "iam")
        #expect(key.map { String(format: "%02x", $0) }.joined() == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d")
    }

    @Test func getVanilla() {
        let headers = [("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z")]
        let canonical = SignatureV4.canonicalRequest(
            method: "GET", path: "/", query: [], headers: headers, payloadHash: SignatureV4.hexSHA256(Data()))
        #expect(
            canonical
                == "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        )
        let toSign = SignatureV4.stringToSign(
            timestamp: "20150830T123600Z", scope: "20150830/us-east-1/service/aws4_request", canonicalRequest: canonical)
        #expect(
            toSign
                == "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"
        )

        let added = Self.suite.signingHeaders(
            method: "GET", path: "/", headers: [("Host", "example.amazonaws.com")], body: Data(), date: Self.suiteDate)
        #expect(added.first { $0.0 == "X-Amz-Date" }?.1 == "20150830T123600Z")
        #expect(
            added.first { $0.0 == "Authorization" }?.1
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        )
    }

    @Test func postXWWWFormURLEncoded() {
        let body = Data("Param1=value1".utf8)
        let headers = [("Content-Type", "application/x-www-form-urlencoded"), ("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z")]
        let canonical = SignatureV4.canonicalRequest(method: "POST", path: "/", query: [], headers: headers, payloadHash: SignatureV4.hexSHA256(body))
        #expect(
            canonical
                == "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"
        )
        let toSign = SignatureV4.stringToSign(
            timestamp: "20150830T123600Z", scope: "20150830/us-east-1/service/aws4_request", canonicalRequest: canonical)
        #expect(toSign.hasSuffix("\n42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281"))

        let added = Self.suite.signingHeaders(method: "POST", path: "/", headers: Array(headers.prefix(2)), body: body, date: Self.suiteDate)
        #expect(
            added.last?.1
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"
        )
    }

    @Test func queryIsEncodedAndSortedAsInTheSuite() {
        // get-vanilla-query-order-key-case: Param2=value2&Param1=value1 signs as sorted.
        let canonical = SignatureV4.canonicalRequest(
            method: "GET", path: "/", query: [("Param2", "value2"), ("Param1", "value1")],
            headers: [("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z")], payloadHash: SignatureV4.hexSHA256(Data()))
        #expect(canonical.split(separator: "\n", omittingEmptySubsequences: false)[2] == "Param1=value1&Param2=value2")
    }

    @Test(arguments: [
        ("abcXYZ019-_.~", "abcXYZ019-_.~"),
        ("a b", "a%20b"),
        ("tag:Name", "tag%3AName"),
        ("a+b/c=d&e", "a%2Bb%2Fc%3Dd%26e"),
        ("é", "%C3%A9"),
        ("*", "%2A"),
    ])
    func percentEncodingKeepsOnlyUnreserved(raw: String, encoded: String) {
        #expect(raw.awsPercentEncoded == encoded)
    }

    @Test func credentialsNeverPrintTheSecret() {
        let credentials = AWSCredentials(accessKeyId: "AKID", secretAccessKey: "s3cr3t", sessionToken: "t0k3n")
        #expect(!"\(credentials)".contains("s3cr3t"))
        #expect(!"\(credentials)".contains("t0k3n"))
        #expect(AWSCredentials(accessKeyId: "a", secretAccessKey: "b", sessionToken: "").sessionToken == nil)
    }
}
