import CloudModel
import EC2Protocol
import Foundation
import Testing

@testable import Server

/// Which requests run on `LongReadExecutor`, and that they answer there as they would on the event loops.
struct LongReadTests {
    let ec2: InProcessEC2

    init() throws {
        ec2 = try InProcessEC2()
    }

    private func isLongRead(_ query: String) -> Bool {
        let parameters = QueryParameters(formEncoded: query)
        return ec2.handlers.isLongRead(action: parameters["Action"], parameters: parameters, scope: ec2.context.scope)
    }

    @Test func shortReadsAndEveryWriteStayWhereTheyArrived() async throws {
        _ = try await ec2.call("Action=DescribeVpcs")
        #expect(!isLongRead("Action=DescribeVpcs&VpcId.1=vpc-12345678"))
        #expect(!isLongRead("Action=DescribeTags&Filter.1.Name=value&Filter.1.Value.1=" + String(repeating: "x", count: 1000)))
        #expect(!isLongRead("Action=CreateTags&ResourceId.1=vpc-12345678&Tag.1.Key=" + String(repeating: "x", count: 100_000)))
        #expect(!isLongRead("Action=RunInstances&ImageId=ami-12345678&MinCount=1&MaxCount=1000"))
    }

    @Test func longFiltersMakeAReadLong() {
        let long = String(repeating: "x", count: EC2Handlers.longReadFilterLength)
        #expect(isLongRead("Action=DescribeTags&Filter.1.Name=value&Filter.1.Value.1=" + long))
        #expect(isLongRead("Action=DescribeSecurityGroupRules&Filter.1.Name=group-id&Filter.1.Value.1=x&Filter.1.Value.2=" + long))
    }

    @Test func aReadOfAWholeLargeRegionIsLong() async throws {
        _ = try await ec2.call("Action=DescribeVpcs")
        let vpcId = try #require(try await ec2.call("Action=CreateVpc&CidrBlock=10.0.0.0%2F16").firstText(of: "vpcId"))
        let subnetId = try #require(try await ec2.call("Action=CreateSubnet&VpcId=\(vpcId)&CidrBlock=10.0.0.0%2F16").firstText(of: "subnetId"))
        #expect(!isLongRead("Action=DescribeInstances"))
        _ = try await ec2.call("Action=RunInstances&ImageId=ami-12345678&MinCount=1&MaxCount=1000&SubnetId=\(subnetId)")
        #expect(isLongRead("Action=DescribeInstances"))
        #expect(!isLongRead("Action=DescribeInstances&MaxResults=100"), "one page")
        #expect(!isLongRead("Action=DescribeInstances&InstanceId.1=i-12345678"), "a lookup by id")
        #expect(!isLongRead("Action=TerminateInstances&InstanceId.1=i-12345678"))
        // A filter a region index narrows is a lookup too; one that narrows to the whole region, or no index serves, is not.
        _ = try await ec2.call("Action=CreateTags&ResourceId.1=\(vpcId)&Tag.1.Key=Name&Tag.1.Value=one")
        #expect(!isLongRead("Action=DescribeVpcs&Filter.1.Name=tag:Name&Filter.1.Value.1=one"), "a lookup by tag")
        #expect(!isLongRead("Action=DescribeVpcs&Filter.1.Name=cidr&Filter.1.Value.1=10.0.0.0/16"), "a lookup by CIDR block")
        #expect(!isLongRead("Action=DescribeInstances&Filter.1.Name=state&Filter.1.Value.1=x&Filter.2.Name=tag:Name&Filter.2.Value.1=one"))
        #expect(isLongRead("Action=DescribeInstances&Filter.1.Name=vpc-id&Filter.1.Value.1=\(vpcId)"), "the VPC's 1,000 instances and more")
        #expect(isLongRead("Action=DescribeInstances&Filter.1.Name=tag:Name&Filter.1.Value.1=on*"), "a wildcard uses no index")
        #expect(isLongRead("Action=DescribeInstances&Filter.1.Name=instance-type&Filter.1.Value.1=t3.micro"), "no index")
        #expect(isLongRead("Action=DescribeTags&Filter.1.Name=tag:Name&Filter.1.Value.1=one"), "DescribeTags reads every resource")
        // Answered on the long-read threads, the same document as on the caller's.
        let parameters = QueryParameters(formEncoded: "Action=DescribeInstances")
        let there = try await ec2.handlers.respond(
            action: "DescribeInstances", parameters: parameters, requestId: "test", context: ec2.context
        ).xml
        let here = try await ec2.call("Action=DescribeInstances")
        #expect(there == here)
        #expect(there.components(separatedBy: "<instanceId>").count - 1 == 1000)
    }
}

/// Where long work runs: `LongReadExecutor.run` starts it on the long-read threads even when it never suspends, which
/// a task executor preference alone does not (the work stayed on the caller's thread, an event loop in `serve`).
struct LongReadExecutorTests {
    @Test func workThatNeverSuspendsRunsOnTheLongReadThreads() async throws {
        #expect(!LongReadExecutor.isCurrent)
        #expect(try await LongReadExecutor.run { LongReadExecutor.isCurrent })
        let values = try await LongReadExecutor.run { (1...1000).reduce(0, +) }
        #expect(values == 500_500)
        #expect(!LongReadExecutor.isCurrent, "the caller goes on where it was")
    }

    @Test func aFailureReachesTheCaller() async {
        await #expect(throws: EC2Error.self) {
            try await LongReadExecutor.run { () throws(EC2Error) -> Int in throw EC2Error.missingParameter("X") }
        }
    }
}
