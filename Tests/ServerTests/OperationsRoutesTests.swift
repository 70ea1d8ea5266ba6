import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing

@testable import Server

/// `GET /metrics` and `/_localvpc/log-level`, in process, through the application `localvpc serve` runs.
struct OperationsRoutesTests {
    static func application(logLevel: LogLevelSwitch? = nil) throws -> some ApplicationProtocol {
        var configuration = ServerConfiguration()
        configuration.stateDirectory = nil
        configuration.port = 0
        configuration.logLevel = logLevel
        return try LocalVPC.application(configuration: configuration, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
    }

    static func query(_ client: some TestClientProtocol, _ form: String) async throws {
        _ = try await client.execute(
            uri: "/", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: form))
    }

    static func metrics(_ client: some TestClientProtocol) async throws -> String {
        try await client.execute(uri: "/metrics", method: .get) { response in
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
            return String(buffer: response.body)
        }
    }

    @Test func requestsAreCountedByActionAndCode() async throws {
        try await Self.application().test(.router) { client in
            try await Self.query(client, "Action=DescribeVpcs&Version=2016-11-15")
            try await Self.query(client, "Action=DescribeVpcs&Version=2016-11-15")
            try await Self.query(client, "Action=DescribeVpcs&Version=2016-11-15&VpcId.1=vpc-0000000000000000f")
            try await Self.query(client, "Action=CreateVpc&Version=2016-11-15&CidrBlock=10.0.0.0/16")
            let text = try await Self.metrics(client)
            #expect(text.contains(#"localvpc_requests_total{action="DescribeVpcs",code="OK"} 2"#))
            #expect(text.contains(#"localvpc_requests_total{action="DescribeVpcs",code="InvalidVpcID.NotFound"} 1"#))
            #expect(text.contains(#"localvpc_request_duration_seconds_count{action="DescribeVpcs",code="OK"} 2"#))
            #expect(text.contains(#"localvpc_request_duration_seconds_bucket{action="DescribeVpcs",code="OK",le="0.0001"}"#))
            #expect(text.contains(#"localvpc_resources{kind="vpc"} 2"#), "the default VPC and ours")
            #expect(text.contains("localvpc_commit_duration_seconds_count"))
        }
    }

    @Test func actionsAClientMadeUpShareOneLabel() async throws {
        try await Self.application().test(.router) { client in
            for index in 0..<10 { try await Self.query(client, "Action=Invented\(index)&Version=2016-11-15") }
            let text = try await Self.metrics(client)
            #expect(!text.contains("Invented"))
            #expect(text.contains(#"localvpc_requests_total{action="unknown",code="InvalidAction"} 10"#))
        }
    }

    @Test(arguments: [("DescribeVpcs", "DescribeVpcs"), ("GetCallerIdentity", "GetCallerIdentity"), ("describevpcs", "unknown"), ("", "none")])
    func theActionLabelIsBounded(action: String, label: String) {
        #expect(ServerMetrics.label(forAction: action) == label)
    }

    @Test func theLogLevelChangesWhileRunning() async throws {
        let level = LogLevelSwitch(.info)
        let lines = Mutex<[String]>([])
        let logger = Logger(label: "localvpc") { label in
            KeyValueLogHandler(label: label, levelSwitch: level) { line in lines.withLock { $0.append(line) } }
        }
        try await Self.application(logLevel: level).test(.router) { client in
            try await client.execute(uri: "/_localvpc/log-level", method: .post, body: ByteBuffer(string: #"{"level":"error"}"#)) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"level":"error","previous":"info"}"#)
            }
            #expect(level.level == .error)
            logger.warning("not written")
            try await client.execute(uri: "/_localvpc/log-level", method: .post, body: ByteBuffer(string: #"{"level":"chatty"}"#)) { response in
                #expect(response.status == .badRequest)
            }
            #expect(level.level == .error, "a refused level changes nothing")
            try await client.execute(uri: "/_localvpc/log-level", method: .post, body: ByteBuffer(string: #"{"level":"debug"}"#)) { _ in }
            logger.debug("written")
        }
        #expect(lines.withLock { $0 }.map { $0.contains("written") && !$0.contains("not written") } == [true])
    }

    @Test func withoutASwitchTheLevelCannotBeChanged() async throws {
        try await Self.application().test(.router) { client in
            try await client.execute(uri: "/_localvpc/log-level", method: .post, body: ByteBuffer(string: #"{"level":"debug"}"#)) { response in
                #expect(response.status == .conflict)
            }
        }
    }
}
