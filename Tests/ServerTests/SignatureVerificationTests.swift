import CloudModel
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Persistence
import SigV4
import Testing

@testable import Server

/// The Query endpoint under `serve --verify-signatures`, in-process: a request signed with a known key acts as its
/// account; every refusal is EC2's (or STS's) code and status, and changes nothing.
struct SignatureVerificationTests {
    static let key = AWSCredentials(accessKeyId: "111122223333", secretAccessKey: "s3cr3t")
    static let credentials = SigningCredentials(
        credentialsFileText: "[default]\naws_access_key_id = 111122223333\naws_secret_access_key = s3cr3t\n",
        environment: ["AWS_ACCESS_KEY_ID": "AKIAENVIRONMENT", "AWS_SECRET_ACCESS_KEY": "env-secret"])

    static func application(now: Date = Date()) throws -> some ApplicationProtocol {
        let endpoint = QueryEndpoint(
            ec2: EC2Handlers(cloud: try CloudService(store: InMemoryStateStore())), configuration: ServerConfiguration(),
            signatures: SignatureVerification(credentials: credentials, now: { now }))
        let router = Router()
        router.post("/") { request, context in await endpoint.respond(to: request, context: context) }
        return Application(router: router, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
    }

    /// The headers of `body` signed by `credentials` for `service` at `date`, as `EC2Client` signs.
    static func signed(
        _ body: String, _ credentials: AWSCredentials = key, service: String = "ec2", region: String = "us-east-1", date: Date = Date()
    ) -> HTTPFields {
        let base = [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), ("Host", "localhost")]
        let added = SignatureV4(credentials: credentials, region: region, service: service)
            .signingHeaders(method: "POST", path: "/", headers: base, body: Data(body.utf8), date: date)
        var fields = HTTPFields()
        for (name, value) in base + added { fields.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
        return fields
    }

    static func code(_ response: TestResponse) -> String? {
        let body = String(buffer: response.body)
        guard let start = body.range(of: "<Code>"), let end = body.range(of: "</Code>") else { return nil }
        return String(body[start.upperBound..<end.lowerBound])
    }

    @Test func theConfiguredKeysAreTheFilesAndTheEnvironments() {
        #expect(Self.credentials.accessKeyIds == ["111122223333", "AKIAENVIRONMENT"])
    }

    @Test func aSignedRequestActsAsItsKeysAccount() async throws {
        let body = "Action=CreateVpc&Version=2016-11-15&CidrBlock=10.0.0.0%2F16"
        try await Self.application().test(.router) { client in
            try await client.execute(uri: "/", method: .post, headers: Self.signed(body), body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("<ownerId>111122223333</ownerId>"))
            }
        }
    }

    @Test(arguments: [
        // (what is sent, the code, the status)
        ("unsigned", "MissingAuthenticationToken", 403),
        ("wrong secret", "AuthFailure", 401),
        ("wrong secret to STS", "SignatureDoesNotMatch", 403),
        ("unknown key", "AuthFailure", 401),
        ("unknown key to STS", "InvalidClientTokenId", 403),
        ("signed 20 minutes ago", "RequestExpired", 400),
        ("no signature part", "IncompleteSignature", 400),
    ])
    func refusals(sent: String, code: String, status: Int) async throws {
        let body = "Action=CreateVpc&Version=2016-11-15&CidrBlock=10.0.0.0%2F16"
        var headers: HTTPFields
        switch sent {
        case "unsigned": headers = [.contentType: "application/x-www-form-urlencoded"]
        case "wrong secret": headers = Self.signed(body, AWSCredentials(accessKeyId: "111122223333", secretAccessKey: "wrong"))
        case "wrong secret to STS":
            headers = Self.signed(body, AWSCredentials(accessKeyId: "111122223333", secretAccessKey: "wrong"), service: "sts")
        case "unknown key": headers = Self.signed(body, AWSCredentials(accessKeyId: "AKIANOBODY", secretAccessKey: "x"))
        case "unknown key to STS": headers = Self.signed(body, AWSCredentials(accessKeyId: "AKIANOBODY", secretAccessKey: "x"), service: "sts")
        case "signed 20 minutes ago": headers = Self.signed(body, date: Date().addingTimeInterval(-1200))
        default:
            headers = Self.signed(body)
            headers[.authorization] = headers[.authorization].map { value in String(value.prefix { $0 != "," }) }
        }
        let sentHeaders = headers
        try await Self.application().test(.router) { client in
            try await client.execute(uri: "/", method: .post, headers: sentHeaders, body: ByteBuffer(string: body)) { response in
                #expect(Self.code(response) == code)
                #expect(Int(response.status.code) == status)
            }
            // Nothing was created.
            let describe = "Action=DescribeVpcs&Version=2016-11-15&Filter.1.Name=cidr&Filter.1.Value.1=10.0.0.0%2F16"
            try await client.execute(uri: "/", method: .post, headers: Self.signed(describe), body: ByteBuffer(string: describe)) { response in
                #expect(response.status == .ok)
                #expect(!String(buffer: response.body).contains("<vpcId>"))
            }
        }
    }

    /// Temporary credentials from GetSessionToken act as the account that asked, until they expire.
    @Test func issuedSessionTokensVerifyUntilTheyExpire() async throws {
        let tokens = SessionTokens()
        let now = Date()
        let issued = tokens.issue(account: "111122223333", seconds: 900, now: now.addingTimeInterval(-1000))
        let live = tokens.issue(account: "111122223333", seconds: 900, now: now)
        let verification = SignatureVerification(credentials: Self.credentials, sessionTokens: tokens, now: { now })
        let body = "Action=DescribeVpcs&Version=2016-11-15"
        func request(_ credentials: AWSCredentials) -> Request {
            var head = HTTPRequest(method: .post, scheme: nil, authority: nil, path: "/")
            head.headerFields = Self.signed(body, credentials)
            return Request(head: head, body: RequestBody(buffer: ByteBuffer(string: body)))
        }
        let identity = try verification.identity(of: request(live.credentials), body: ByteBuffer(string: body))
        #expect(identity.account(motoAccountHeader: nil, defaultAccount: "000000000000") == "111122223333")
        #expect(throws: EC2Error.requestExpired("The security token included in the request is expired")) {
            try verification.identity(of: request(issued.credentials), body: ByteBuffer(string: body))
        }
    }

    /// The server's real clock decides the skew: the one injected here, 20 minutes after the signature.
    @Test func theSkewIsMeasuredOnTheServersClock() async throws {
        let signedAt = Date(timeIntervalSince1970: 1_796_000_000)
        let body = "Action=DescribeVpcs&Version=2016-11-15"
        try await Self.application(now: signedAt.addingTimeInterval(1200)).test(.router) { client in
            try await client.execute(uri: "/", method: .post, headers: Self.signed(body, date: signedAt), body: ByteBuffer(string: body)) {
                response in
                #expect(Self.code(response) == "RequestExpired")
            }
        }
        try await Self.application(now: signedAt.addingTimeInterval(600)).test(.router) { client in
            try await client.execute(uri: "/", method: .post, headers: Self.signed(body, date: signedAt), body: ByteBuffer(string: body)) {
                response in
                #expect(response.status == .ok)
            }
        }
    }
}
