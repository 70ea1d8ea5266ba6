import CloudModel
import EC2Protocol
import Foundation
import Persistence
import Testing

@testable import Server

/// Drives the EC2 handlers in-process with real query strings, as the AWS CLI sends them.
struct EC2HandlersTests {
    let ec2: InProcessEC2

    init() throws {
        ec2 = try InProcessEC2()
    }

    @Test func createThenDescribeWithAFilter() async throws {
        let created = try await ec2.call(
            "Action=CreateVpc&Version=2016-11-15&CidrBlock=10.0.0.0%2F16&TagSpecification.1.ResourceType=vpc"
                + "&TagSpecification.1.Tag.1.Key=Name&TagSpecification.1.Tag.1.Value=VPC1")
        #expect(created.contains("<CreateVpcResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"))
        #expect(created.contains("<cidrBlock>10.0.0.0/16</cidrBlock>"))
        #expect(created.contains("<ownerId>123456789012</ownerId>"))
        let described = try await ec2.call("Action=DescribeVpcs&Filter.1.Name=tag%3AName&Filter.1.Value.1=VPC*")
        #expect(described.components(separatedBy: "<item><ownerId>").count - 1 == 1)
        #expect(described.contains("<key>Name</key><value>VPC1</value>"))
    }

    @Test func dryRunChecksEverythingAndChangesNothing() async throws {
        _ = try await ec2.call("Action=DescribeVpcs")
        let before = ec2.cloud.snapshot()
        await #expect(throws: EC2Error.dryRunOperation) { try await ec2.call("Action=CreateVpc&CidrBlock=10.0.0.0%2F16&DryRun=true") }
        await #expect(throws: EC2Error.vpcRange("10.0.0.0/8")) { try await ec2.call("Action=CreateVpc&CidrBlock=10.0.0.0%2F8&DryRun=true") }
        #expect(ec2.cloud.snapshot() == before)
    }

    @Test func unknownActionsAndMissingParametersAreAWSErrors() async throws {
        await #expect(throws: QueryDecodingError.invalidAction("LaunchRockets")) { try await ec2.call("Action=LaunchRockets") }
        await #expect(throws: QueryDecodingError.missingAction) { try await ec2.call("Version=2016-11-15") }
        await #expect(throws: QueryDecodingError.self) { try await ec2.call("Action=CreateSubnet&CidrBlock=10.0.0.0%2F24") }
        await #expect(throws: QueryDecodingError.self) { try await ec2.call("Action=DescribeVpcs&MaxResults=lots") }
    }

    @Test func aFailingStoreLeavesTheStateAsItWas() async throws {
        let cloud = try CloudService(store: FailingStore())
        let handlers = EC2Handlers(cloud: cloud)
        let parameters = QueryParameters(formEncoded: "Action=CreateVpc&CidrBlock=10.0.0.0%2F16")
        await #expect(throws: FailingStore.DiskFull.self) {
            try await handlers.handle(action: "CreateVpc", parameters: parameters, requestId: "test", context: ec2.context)
        }
        #expect(cloud.snapshot() == CloudState())
    }
}

/// A store whose disk is always full.
struct FailingStore: StateStore {
    struct DiskFull: Error {}
    func load() throws -> StoredCloud { StoredCloud() }
    func append(_ entry: JournalEntry, after version: UInt64) throws -> JournalAppend { throw DiskFull() }
    func entries(after version: UInt64) throws -> [JournalEntry]? { [] }
}
