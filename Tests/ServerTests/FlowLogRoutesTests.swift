import CloudModel
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Persistence
import Synchronization
import Testing

@testable import Server

/// `GET /_localvpc/flow-logs/{id}`: the cursor a client sends is checked before it reaches the records.
struct FlowLogRoutesTests {
    /// Records "delivered" by a stand-in data plane: ten lines, whatever the flow log.
    struct TenLines: FlowLogRecordSource {
        func records(of flowLogId: String, after: Int, flush: Bool) async -> (lines: [String], next: Int)? {
            (Array((0..<10).map { "line \($0)" }.dropFirst(min(after, 10))), 10)
        }
    }

    @Test(arguments: [
        ("?after=3", 200), ("", 200), ("?after=-1", 400), ("?after=-9223372036854775808", 400), ("?after=abc", 400),
        ("?after=99999999999999999999", 400),
    ])
    func afterIsARecordNumber(query: String, status: Int) async throws {
        let ec2 = try InProcessEC2()
        let created = try await ec2.call(
            "Action=CreateFlowLogs&ResourceType=VPC&ResourceId.1=\(try await defaultVpc(ec2))&TrafficType=ALL"
                + "&LogDestinationType=s3&LogDestination=arn%3Aaws%3As3%3A%3A%3Abucket")
        let id = try #require(created.firstText(of: "item"))
        let router = Router()
        FlowLogRoutes(cloud: ec2.cloud, source: TenLines(), unavailableReason: "off").register(on: router)
        let app = Application(router: router, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        try await app.test(.router) { client in
            try await client.execute(uri: "/_localvpc/flow-logs/\(id)\(query)", method: .get) { response in
                #expect(response.status.code == status)
                if status == 200 { #expect(String(buffer: response.body).contains("\"next\":10")) }
            }
        }
    }

    func defaultVpc(_ ec2: InProcessEC2) async throws -> String {
        try #require(try await ec2.call("Action=DescribeVpcs").firstText(of: "vpcId"))
    }
}
