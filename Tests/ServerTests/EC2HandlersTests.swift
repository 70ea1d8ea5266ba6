import CloudModel
import EC2Protocol
import Foundation
import Persistence
import Testing

@testable import Server

/// Drives the EC2 handlers in-process with real query strings, as the AWS CLI sends them.
struct EC2HandlersTests {
    let cloud: CloudService
    let handlers: EC2Handlers
    let context = EC2RequestContext(scope: AccountRegion(account: "123456789012", region: "eu-west-1"), requestId: "test")

    init() throws {
        cloud = try CloudService(store: InMemoryStateStore())
        handlers = EC2Handlers(cloud: cloud)
    }

    func call(_ query: String) async throws -> String {
        let parameters = QueryParameters(formEncoded: query)
        return try await handlers.handle(action: parameters["Action"], parameters: parameters, requestId: "test", context: context)
    }

    @Test func createThenDescribeWithAFilter() async throws {
        let created = try await call(
            "Action=CreateVpc&Version=2016-11-15&CidrBlock=10.0.0.0%2F16&TagSpecification.1.ResourceType=vpc"
                + "&TagSpecification.1.Tag.1.Key=Name&TagSpecification.1.Tag.1.Value=VPC1")
        #expect(created.contains("<CreateVpcResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"))
        #expect(created.contains("<cidrBlock>10.0.0.0/16</cidrBlock>"))
        #expect(created.contains("<ownerId>123456789012</ownerId>"))
        let described = try await call("Action=DescribeVpcs&Filter.1.Name=tag%3AName&Filter.1.Value.1=VPC*")
        #expect(described.components(separatedBy: "<item><ownerId>").count - 1 == 1)
        #expect(described.contains("<key>Name</key><value>VPC1</value>"))
    }

    @Test func dryRunChecksEverythingAndChangesNothing() async throws {
        _ = try await call("Action=DescribeVpcs")
        let before = cloud.snapshot()
        await #expect(throws: EC2Error.dryRunOperation) { try await call("Action=CreateVpc&CidrBlock=10.0.0.0%2F16&DryRun=true") }
        await #expect(throws: EC2Error.vpcRange("10.0.0.0/8")) { try await call("Action=CreateVpc&CidrBlock=10.0.0.0%2F8&DryRun=true") }
        #expect(cloud.snapshot() == before)
    }

    @Test func unknownActionsAndMissingParametersAreAWSErrors() async throws {
        await #expect(throws: QueryDecodingError.invalidAction("LaunchRockets")) { try await call("Action=LaunchRockets") }
        await #expect(throws: QueryDecodingError.missingAction) { try await call("Version=2016-11-15") }
        await #expect(throws: QueryDecodingError.self) { try await call("Action=CreateSubnet&CidrBlock=10.0.0.0%2F24") }
        await #expect(throws: QueryDecodingError.self) { try await call("Action=DescribeVpcs&MaxResults=lots") }
    }

    @Test func aFailingStoreLeavesTheStateAsItWas() async throws {
        let cloud = try CloudService(store: FailingStore())
        let handlers = EC2Handlers(cloud: cloud)
        let parameters = QueryParameters(formEncoded: "Action=CreateVpc&CidrBlock=10.0.0.0%2F16")
        await #expect(throws: FailingStore.DiskFull.self) {
            try await handlers.handle(action: "CreateVpc", parameters: parameters, requestId: "test", context: context)
        }
        #expect(cloud.snapshot() == CloudState())
    }
}

/// A store whose disk is always full.
struct FailingStore: StateStore {
    struct DiskFull: Error {}
    func load() throws -> CloudState { CloudState() }
    func commit(_ changes: [ResourceChange]) throws { throw DiskFull() }
    func reset() throws {}
}
