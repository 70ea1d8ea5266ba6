import CloudModel
import Foundation
import TestSupport
import Testing

/// Flow logs as the model keeps them: AWS's destination rules, formats and intervals, `Unsuccessful` for resources
/// that cannot be monitored, idempotency, deletion, and flow logs leaving with their resource.
struct FlowLogRulesTests {
    static let role = "arn:aws:iam::111111111111:role/flow-logs"

    struct Fixture {
        var cloud = TestCloud()
        let vpcId: String
        let subnetId: String

        init() throws {
            vpcId = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }.id
            let vpcId = vpcId
            subnetId = try cloud.run { try $0.createSubnet(vpcId: vpcId, cidrBlock: "10.0.1.0/24") }.id
        }

        mutating func create(_ request: FlowLogRequest) throws -> Transaction.FlowLogsCreated {
            try cloud.run { try $0.createFlowLogs(request) }
        }

        func cloudWatch(_ ids: [String], type: String = "VPC", group: String? = "flows") -> FlowLogRequest {
            FlowLogRequest(resourceType: type, resourceIds: ids, trafficType: "ALL", logGroupName: group, deliverLogsPermissionArn: role)
        }

        func describe(_ filters: [Filter] = []) throws -> [FlowLog] {
            try cloud.state.describe(FlowLog.self, in: TestCloud.scope, query: DescribeQuery(filters: filters), at: cloud.now).items
        }
    }

    @Test func aCloudWatchFlowLogTakesAWSDefaults() throws {
        var f = try Fixture()
        let created = try f.create(f.cloudWatch([f.vpcId]))
        let flowLog = try #require(created.flowLogs.first)
        #expect(created.unsuccessful.isEmpty)
        #expect(ResourceId.isWellFormed(flowLog.id, prefix: .flowLog))
        #expect(flowLog.destination == FlowLogDestination(kind: .cloudWatchLogs, logGroupName: "flows"))
        #expect(flowLog.logFormat == FlowLogFormat.defaultFormat)
        #expect(flowLog.maxAggregationInterval == 600)
    }

    @Test func aMissingOrWrongKindOfResourceIsUnsuccessfulNotAFailure() throws {
        var f = try Fixture()
        let created = try f.create(f.cloudWatch([f.vpcId, "vpc-0123456789abcdef0", f.subnetId]))
        #expect(created.flowLogs.map(\.resourceId) == [f.vpcId])
        #expect(created.unsuccessful.map(\.resourceId) == ["vpc-0123456789abcdef0", f.subnetId])
        #expect(created.unsuccessful.map(\.error.code) == ["InvalidVpcID.NotFound", "InvalidVpcID.Malformed"])
        let again = try f.create(f.cloudWatch([f.vpcId]))
        #expect(again.unsuccessful.map(\.error) == [.flowLogAlreadyExists])
    }

    @Test(arguments: [
        FlowLogRequest(resourceType: "VPC", resourceIds: ["x"], trafficType: "ALL", logGroupName: "g"),  // no role
        FlowLogRequest(resourceType: "VPC", resourceIds: ["x"], trafficType: "ALL", deliverLogsPermissionArn: role),  // no group
        FlowLogRequest(
            resourceType: "VPC", resourceIds: ["x"], trafficType: "ALL", logGroupName: "g", logDestination: "arn:aws:logs:us-east-1:1:log-group:g",
            deliverLogsPermissionArn: role),
        FlowLogRequest(resourceType: "VPC", resourceIds: ["x"], trafficType: "ALL", destinationType: "s3"),
        FlowLogRequest(resourceType: "VPC", resourceIds: ["x"], trafficType: "ALL", destinationType: "s3", logDestination: "my-bucket"),
        FlowLogRequest(resourceType: "VPC", resourceIds: ["x"], trafficType: "ALL", destinationType: "s3", logDestination: "arn:aws:s3:::b/AWSLogs"),
        FlowLogRequest(
            resourceType: "VPC", resourceIds: ["x"], trafficType: "ALL", destinationType: "s3", logGroupName: "g", logDestination: "arn:aws:s3:::b"),
        FlowLogRequest(resourceType: "VPC", resourceIds: ["x"], trafficType: "ALL", destinationType: "kinesis-data-firehose"),
        FlowLogRequest(
            resourceType: "VPC", resourceIds: ["x"], trafficType: "ALL", logGroupName: "g", deliverLogsPermissionArn: role,
            s3Options: .init(fileFormat: "parquet")),
        FlowLogRequest(
            resourceType: "VPC", resourceIds: ["x"], trafficType: "ALL", logGroupName: "g", deliverLogsPermissionArn: role, logFormat: "${nope}"),
        FlowLogRequest(
            resourceType: "VPC", resourceIds: ["x"], trafficType: "ALL", logGroupName: "g", deliverLogsPermissionArn: role, logFormat: " "),
        FlowLogRequest(
            resourceType: "VPC", resourceIds: ["x"], trafficType: "ALL", logGroupName: "g", deliverLogsPermissionArn: role,
            maxAggregationInterval: 300),
        FlowLogRequest(resourceType: "VPC", resourceIds: ["x"], logGroupName: "g", deliverLogsPermissionArn: role),  // no traffic type
    ])
    func requestsAWSRefusesAsAWholeThrow(_ request: FlowLogRequest) throws {
        var f = try Fixture()
        var request = request
        request.resourceIds = [f.vpcId]
        #expect(throws: EC2Error.self) { try f.create(request) }
        #expect(try f.describe().isEmpty)
    }

    @Test func s3AndFirehoseDestinationsAndCustomFormats() throws {
        var f = try Fixture()
        let s3 = try f.create(
            FlowLogRequest(
                resourceType: "Subnet", resourceIds: [f.subnetId], trafficType: "REJECT", destinationType: "s3",
                logDestination: "arn:aws:s3:::bucket/folder/", logFormat: "${version} ${vpc-id} ${az-id} ${flow-direction}",
                maxAggregationInterval: 60,
                s3Options: .init(hiveCompatiblePartitions: true))
        ).flowLogs[0]
        #expect(s3.destination.s3Options == FlowLogDestination.S3Options(fileFormat: "plain-text", hiveCompatiblePartitions: true))
        #expect(s3.maxAggregationInterval == 60)
        let firehose = try f.create(
            FlowLogRequest(
                resourceType: "VPC", resourceIds: [f.vpcId], trafficType: "ACCEPT", destinationType: "kinesis-data-firehose",
                logDestination: "arn:aws:firehose:us-east-1:111111111111:deliverystream/flows")
        ).flowLogs[0]
        #expect(firehose.destination.logGroupName == nil)
        #expect(try f.describe([Filter(name: "log-destination-type", values: ["s3"])]).map(\.id) == [s3.id])
        #expect(try f.describe([Filter(name: "traffic-type", values: ["ACCEPT"])]).map(\.id) == [firehose.id])
        #expect(try f.describe([Filter(name: "resource-id", values: [f.subnetId])]).map(\.id) == [s3.id])
    }

    @Test func aLogGroupArnNamesTheGroup() throws {
        var f = try Fixture()
        var request = f.cloudWatch([f.vpcId], group: nil)
        request.logDestination = "arn:aws:logs:us-east-1:111111111111:log-group:vpc-flows:*"
        let flowLog = try f.create(request).flowLogs[0]
        #expect(flowLog.destination.logGroupName == "vpc-flows")
        #expect(try f.describe([Filter(name: "log-group-name", values: ["vpc-flows"])]).count == 1)
    }

    @Test func aRepeatedClientTokenAnswersTheFirstCall() throws {
        var f = try Fixture()
        var request = f.cloudWatch([f.vpcId, f.subnetId].prefix(1).map { $0 })
        request.clientToken = "once"
        let first = try f.create(request)
        let second = try f.create(request)
        #expect(second.flowLogs.map(\.id) == first.flowLogs.map(\.id))
        #expect(try f.describe().count == 1)
    }

    @Test func deleteAnswersUnknownIdsAsUnsuccessful() throws {
        var f = try Fixture()
        let id = try f.create(f.cloudWatch([f.vpcId])).flowLogs[0].id
        let unsuccessful = try f.cloud.run { try $0.deleteFlowLogs([id, "fl-0123456789abcdef0", "bogus"]) }
        #expect(unsuccessful.map(\.resourceId) == ["fl-0123456789abcdef0", "bogus"])
        #expect(unsuccessful.allSatisfy { $0.error.code == "InvalidFlowLogId.NotFound" })
        #expect(try f.describe().isEmpty)
    }

    @Test func flowLogsLeaveWithTheirResourceAndNeverBlockIt() throws {
        var f = try Fixture()
        _ = try f.create(f.cloudWatch([f.subnetId], type: "Subnet"))
        _ = try f.create(f.cloudWatch([f.vpcId]))
        let subnetId = f.subnetId
        try f.cloud.run { try $0.deleteSubnet(subnetId) }
        #expect(try f.describe().map(\.resourceId) == [f.vpcId])
        let vpcId = f.vpcId
        try f.cloud.run { try $0.deleteVpc(vpcId) }
        #expect(try f.describe().isEmpty)
    }
}
