import Foundation
import SigV4
import Testing

/// Each refusal AWS makes of a signed EC2 request, on requests signed here with `SignatureV4` (the signer
/// EC2Client uses), header-signed and presigned.
struct SignatureV4VerifierTests {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)
    static let key = AWSCredentials(accessKeyId: "123456789012", secretAccessKey: "s3cr3t/KEY+example")
    static let temporary = AWSCredentials(accessKeyId: "ASIAEXAMPLE", secretAccessKey: "temp-secret", sessionToken: "the-token")
    static let verifier = SignatureV4Verifier(services: ["ec2", "sts"], isKnownRegion: { ["us-east-1", "eu-west-1"].contains($0) }) { id in
        [key, temporary].first { $0.accessKeyId == id }
    }
    static let body = Data("Action=DescribeVpcs&Version=2016-11-15&Filter.1.Name=tag%3AName".utf8)

    /// A form POST signed in its headers, as botocore sends EC2's.
    static func headerSigned(
        _ credentials: AWSCredentials = key, region: String = "us-east-1", service: String = "ec2", at date: Date = now, body: Data = body
    ) -> SignedRequest {
        let headers = [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), ("Host", "127.0.0.1:4566")]
        let signer = SignatureV4(credentials: credentials, region: region, service: service)
        let added = signer.signingHeaders(method: "POST", path: "/", headers: headers, body: body, date: date)
        return SignedRequest(method: "POST", path: "/", query: "", headers: headers + added + [("Content-Length", "\(body.count)")], body: body)
    }

    /// A presigned GET URL's request.
    static func presigned(_ credentials: AWSCredentials = key, at date: Date = now, expires: Int = 3600) -> SignedRequest {
        let signer = SignatureV4(credentials: credentials, region: "eu-west-1", service: "ec2")
        let query = signer.presignedQuery(
            method: "GET", path: "/", query: [("Action", "DescribeVpcs"), ("Version", "2016-11-15")], headers: [("host", "127.0.0.1:4566")],
            date: date, expires: expires)
        return SignedRequest(method: "GET", path: "/", query: query.awsFormEncoded, headers: [("Host", "127.0.0.1:4566")], body: Data())
    }

    static func failure(_ request: SignedRequest, at now: Date = now) -> SignatureV4Failure? {
        do {
            _ = try verifier.verify(request, now: now)
            return nil
        } catch {
            return error
        }
    }

    @Test func validRequestsVerify() throws {
        #expect(try Self.verifier.verify(Self.headerSigned(), now: Self.now).accessKeyId == "123456789012")
        #expect(try Self.verifier.verify(Self.headerSigned(service: "sts"), now: Self.now).service == "sts")
        #expect(try Self.verifier.verify(Self.headerSigned(Self.temporary), now: Self.now).accessKeyId == "ASIAEXAMPLE")
        #expect(try Self.verifier.verify(Self.presigned(), now: Self.now.addingTimeInterval(3000)).region == "eu-west-1")
        #expect(try Self.verifier.verify(Self.presigned(Self.temporary), now: Self.now).accessKeyId == "ASIAEXAMPLE")
        // Within the 15 minutes of skew either way.
        #expect(Self.failure(Self.headerSigned(at: Self.now.addingTimeInterval(-899))) == nil)
        #expect(Self.failure(Self.headerSigned(at: Self.now.addingTimeInterval(899))) == nil)
    }

    @Test func noSignatureAtAllIsMissingAuthenticationToken() {
        let request = SignedRequest(method: "POST", path: "/", query: "", headers: [("Host", "h")], body: Self.body)
        #expect(Self.failure(request)?.kind == .missingAuthenticationToken)
    }

    @Test func wrongSecretDoesNotMatch() {
        let wrong = AWSCredentials(accessKeyId: Self.key.accessKeyId, secretAccessKey: "not-the-secret")
        #expect(Self.failure(Self.headerSigned(wrong)) == SignatureV4Failure(.signatureDoesNotMatch, SignatureV4Failure.mismatchMessage))
        #expect(Self.failure(Self.presigned(wrong))?.kind == .signatureDoesNotMatch)
    }

    @Test func aChangedBodyDoesNotMatch() {
        var request = Self.headerSigned()
        request.body = Data("Action=DeleteVpc&Version=2016-11-15&VpcId=vpc-1".utf8)
        #expect(Self.failure(request)?.kind == .signatureDoesNotMatch)
        request = Self.headerSigned()
        request.headers.append(("x-amz-content-sha256", SignatureV4.hexSHA256(Data())))
        #expect(Self.failure(request)?.message == "The provided 'x-amz-content-sha256' header does not match what was computed.")
    }

    @Test func theRegionOfTheScopeIsPartOfTheKey() throws {
        // Signed for eu-west-1, the scope then edited to say us-east-1: another key, another signature.
        var request = Self.headerSigned(region: "eu-west-1")
        let index = try #require(request.headers.firstIndex { $0.0 == "Authorization" })
        request.headers[index].1 = request.headers[index].1.replacingOccurrences(of: "/eu-west-1/", with: "/us-east-1/")
        #expect(Self.failure(request)?.kind == .signatureDoesNotMatch)
        #expect(
            Self.failure(Self.headerSigned(region: "mars-north-1"))
                == SignatureV4Failure(.signatureDoesNotMatch, "Credential should be scoped to a valid region, not 'mars-north-1'. "))
        #expect(
            Self.failure(Self.headerSigned(service: "s3"))
                == SignatureV4Failure(.signatureDoesNotMatch, "Credential should be scoped to correct service: 'ec2'. "))
    }

    @Test func aScopeOfAnotherDayDoesNotMatch() throws {
        var request = Self.headerSigned()
        let index = try #require(request.headers.firstIndex { $0.0 == "X-Amz-Date" })
        let signed = request.headers[index].1
        request.headers[index].1 = "20200101T000000Z"
        #expect(
            Self.failure(request)?.message
                == "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '\(signed.prefix(8))' != '20200101', from '20200101T000000Z'."
        )
    }

    @Test func anUnknownKeyOrTokenIsRefused() {
        let stranger = AWSCredentials(accessKeyId: "AKIASTRANGER", secretAccessKey: "whatever")
        #expect(Self.failure(Self.headerSigned(stranger))?.kind == .unknownAccessKey)
        let noToken = AWSCredentials(accessKeyId: Self.temporary.accessKeyId, secretAccessKey: Self.temporary.secretAccessKey)
        #expect(
            Self.failure(Self.headerSigned(noToken))
                == SignatureV4Failure(.unknownAccessKey, "The security token included in the request is invalid."))
        let otherToken = AWSCredentials(accessKeyId: Self.key.accessKeyId, secretAccessKey: Self.key.secretAccessKey, sessionToken: "forged")
        #expect(Self.failure(Self.headerSigned(otherToken))?.kind == .unknownAccessKey)
    }

    @Test(arguments: [-901.0, 901.0, -86_400.0])
    func aDateOver15MinutesAwayHasExpired(offset: TimeInterval) {
        #expect(Self.failure(Self.headerSigned(at: Self.now.addingTimeInterval(offset)))?.kind == .requestExpired)
    }

    @Test func aPresignedURLExpiresAfterXAmzExpires() {
        #expect(
            Self.failure(Self.presigned(expires: 60), at: Self.now.addingTimeInterval(61))
                == SignatureV4Failure(.requestExpired, "Request has expired."))
        #expect(Self.failure(Self.presigned(expires: 60), at: Self.now.addingTimeInterval(59)) == nil)
        #expect(Self.failure(Self.presigned(expires: 604_801))?.kind == .incompleteSignature)
        #expect(Self.failure(Self.presigned(), at: Self.now.addingTimeInterval(-1000))?.kind == .requestExpired)
    }

    @Test(arguments: [
        ("AWS4-HMAC-SHA256 SignedHeaders=host, Signature=abc", "Authorization header requires 'Credential' parameter."),
        ("AWS4-HMAC-SHA256 Credential=123456789012/20261129/us-east-1/ec2/aws4_request", "Authorization header requires 'Signature' parameter."),
        ("AWS4-HMAC-SHA512 Credential=a/b/c/d/e, SignedHeaders=host, Signature=abc", "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512'."),
        ("AWS4-HMAC-SHA256 Credential=123456789012/us-east-1, SignedHeaders=host, Signature=abc", "Credential should have exactly 5"),
    ])
    func malformedAuthorizationIsIncomplete(authorization: String, message: String) {
        let request = SignedRequest(
            method: "POST", path: "/", query: "",
            headers: [("Host", "h"), ("Authorization", authorization), ("X-Amz-Date", SignatureV4.timestamp(Self.now))],
            body: Self.body)
        let failure = Self.failure(request)
        #expect(failure?.kind == .incompleteSignature)
        #expect(failure?.message.hasPrefix(message) == true)
    }

    @Test func aHeaderSignatureNeedsADate() {
        var request = Self.headerSigned()
        request.headers.removeAll { $0.0 == "X-Amz-Date" }
        #expect(Self.failure(request)?.message.contains("requires existence of either a 'X-Amz-Date' or a 'Date' header") == true)
    }

    @Test func aPresignedURLNeedsEveryPart() {
        var request = Self.presigned()
        request.query = request.queryPairs.filter { $0.name != "X-Amz-Signature" }.map { ($0.name, $0.value) }.awsFormEncoded
        #expect(
            Self.failure(request)?.message == "AWS query-string parameters must include 'X-Amz-Signature'. Re-examine the query-string parameters.")
    }

    @Test func theHostMustBeSigned() {
        let signer = SignatureV4(credentials: Self.key, region: "us-east-1", service: "ec2")
        let added = signer.signingHeaders(method: "POST", path: "/", headers: [], body: Self.body, date: Self.now)
        let request = SignedRequest(method: "POST", path: "/", query: "", headers: [("Host", "h")] + added, body: Self.body)
        #expect(Self.failure(request)?.message == "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
    }
}
