import CloudModel
import Foundation
import TestSupport
import Testing

@testable import DataPlane

/// AWS's rules for requests: IMDSv2 tokens, IMDSv1 against `HttpTokens`, the endpoint switches, the hop limit.
struct InstanceMetadataResponderTests {
    let responder = InstanceMetadataResponder(tokens: MetadataTokens())

    static func put(ttl: String?, headers: [(name: String, value: String)] = []) -> MetadataRequest {
        MetadataRequest(
            method: "PUT", target: "/latest/api/token", headers: (ttl.map { [(InstanceMetadataResponder.tokenLifetimeHeader, $0)] } ?? []) + headers)
    }

    static func get(_ path: String = "/latest/meta-data/instance-id", token: String? = nil) -> MetadataRequest {
        MetadataRequest(method: "GET", target: path, headers: token.map { [(name: InstanceMetadataResponder.tokenHeader, value: $0)] } ?? [])
    }

    func respond(_ request: MetadataRequest, _ fixture: InstanceMetadataFixture, instance: Instance? = nil, at now: Date? = nil) -> MetadataResponse?
    {
        responder.respond(to: request, from: fixture.current(instance ?? fixture.instance), in: fixture.state, at: now ?? fixture.cloud.now)
    }

    func token(_ fixture: InstanceMetadataFixture, ttl: Int = 21600, instance: Instance? = nil) throws -> String {
        let response = try #require(respond(Self.put(ttl: String(ttl)), fixture, instance: instance))
        try #require(response.status == 200)
        return response.text
    }

    /// IMDSv1 and v2 against `HttpTokens`: (tokens, send a token?) → status.
    @Test(arguments: [
        (InstanceMetadataOptions.Tokens.optional, false, 200), (.optional, true, 200), (.required, false, 401), (.required, true, 200),
    ])
    func versionsAgainstHttpTokens(tokens: InstanceMetadataOptions.Tokens, withToken: Bool, status: Int) throws {
        var fixture = try InstanceMetadataFixture()
        try fixture.modifyMetadataOptions(InstanceMetadataOptions.Change(httpTokens: tokens))
        let token = withToken ? try self.token(fixture) : nil
        let response = try #require(respond(Self.get(token: token), fixture))
        #expect(response.status == status)
        if status == 200 { #expect(response.text == fixture.instance.id) }
        if status == 401 { #expect(response.text.contains("<title>401 - Unauthorized</title>")) }
    }

    /// `X-aws-ec2-metadata-token-ttl-seconds`: 1–21600, else 400.
    @Test(
        arguments: [
            (nil, 400), ("0", 400), ("21601", 400), ("-5", 400), ("abc", 400), ("", 400), ("1", 200), ("21600", 200), ("300", 200),
        ] as [(String?, Int)])
    func theTokenLifetime(ttl: String?, status: Int) throws {
        let fixture = try InstanceMetadataFixture()
        let response = try #require(respond(Self.put(ttl: ttl), fixture))
        #expect(response.status == status)
        if status == 200 { #expect(response.header(InstanceMetadataResponder.tokenLifetimeHeader) == ttl) }
    }

    @Test func aPutThroughAProxyIsRefused() throws {
        let fixture = try InstanceMetadataFixture()
        let response = try #require(respond(Self.put(ttl: "60", headers: [("X-Forwarded-For", "10.0.1.99")]), fixture))
        #expect(response.status == 403)
    }

    @Test func aWrongOrExpiredTokenIsUnauthorizedEvenWhenV1WouldAnswer() throws {
        let fixture = try InstanceMetadataFixture()
        #expect(respond(Self.get(token: "not-a-token"), fixture)?.status == 401)
        let token = try self.token(fixture, ttl: 60)
        let fresh = try #require(respond(Self.get(token: token), fixture, at: fixture.cloud.now.addingTimeInterval(59)))
        #expect(fresh.status == 200)
        #expect(fresh.header(InstanceMetadataResponder.tokenLifetimeHeader) == "1")
        #expect(respond(Self.get(token: token), fixture, at: fixture.cloud.now.addingTimeInterval(60))?.status == 401)
    }

    @Test func aTokenIsWorthNothingOnAnotherInstance() throws {
        let fixture = try InstanceMetadataFixture()
        let token = try self.token(fixture)
        #expect(respond(Self.get(token: token), fixture, instance: fixture.bare)?.status == 401)
        #expect(respond(Self.get(token: token), fixture)?.status == 200)
    }

    /// The token's answer leaves with the instance's hop limit as its TTL; other answers with the system's default.
    @Test(arguments: [1, 2, 64])
    func theHopLimitOfTheTokenAnswer(limit: Int) throws {
        var fixture = try InstanceMetadataFixture()
        try fixture.modifyMetadataOptions(InstanceMetadataOptions.Change(httpPutResponseHopLimit: limit))
        #expect(respond(Self.put(ttl: "60"), fixture)?.hopLimit == limit)
        #expect(respond(Self.get(), fixture)?.hopLimit == nil)
        #expect(respond(Self.put(ttl: "0"), fixture)?.hopLimit == nil, "a refusal is not a token")
    }

    @Test func aDisabledEndpointIsForbidden() throws {
        var fixture = try InstanceMetadataFixture()
        try fixture.modifyMetadataOptions(InstanceMetadataOptions.Change(httpEndpoint: .disabled))
        #expect(respond(Self.get(), fixture)?.status == 403)
        #expect(respond(Self.put(ttl: "60"), fixture)?.status == 403)
        try fixture.modifyMetadataOptions(InstanceMetadataOptions.Change(httpEndpoint: .enabled))
        #expect(respond(Self.get(), fixture)?.status == 200, "a change takes effect at once")
    }

    @Test func theIPv6EndpointAnswersOnlyWithHttpProtocolIpv6() throws {
        var fixture = try InstanceMetadataFixture()
        let request = MetadataRequest(method: "GET", target: "/latest/meta-data/instance-id", overIPv6: true)
        #expect(respond(request, fixture) == nil)
        try fixture.modifyMetadataOptions(InstanceMetadataOptions.Change(httpProtocolIpv6: .enabled))
        #expect(respond(request, fixture)?.status == 200)
    }

    @Test func aStrangerGetsNoAnswer() throws {
        let fixture = try InstanceMetadataFixture()
        #expect(responder.respond(to: Self.get(), from: nil, in: fixture.state, at: fixture.cloud.now) == nil)
    }

    @Test func unknownPathsAndMethods() throws {
        let fixture = try InstanceMetadataFixture()
        let missing = try #require(respond(Self.get("/latest/meta-data/iam/security-credentials/"), fixture))
        #expect(missing.status == 404)
        #expect(missing.header("Content-Type") == "text/html")
        #expect(missing.text.contains("<h1>404 - Not Found</h1>"))
        #expect(missing.header("Date") == "Fri, 15 Jan 2027 08:00:00 GMT", "the server's clock")
        #expect(respond(Self.get("/latest/api/token"), fixture)?.status == 405)
        #expect(respond(MetadataRequest(method: "POST", target: "/latest/meta-data/"), fixture)?.status == 405)
        #expect(respond(Self.get("/latest/meta-data/instance-id?x=1"), fixture)?.text == fixture.instance.id)
    }
}
