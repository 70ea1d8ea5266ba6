import CloudModel
import Foundation
import Testing

@testable import DataPlane

/// Where records land: AWS's S3 keys (with a folder, Hive-compatible partitions, per-hour partitions) and one
/// CloudWatch Logs stream per interface.
struct FlowLogDeliveryLayoutTests {
    typealias F = FlowLogFixtures
    /// 2026-12-04 17:05:30 UTC.
    static let time = Date(timeIntervalSince1970: 1_796_403_930)

    static func s3(_ arn: String, hive: Bool, perHour: Bool) -> FlowLog {
        F.flowLog(
            "fl-0123456789abcdef0",
            destination: FlowLogDestination(
                kind: .s3, arn: arn, s3Options: .init(hiveCompatiblePartitions: hive, perHourPartition: perHour)))
    }

    @Test(arguments: [
        (
            "arn:aws:s3:::my-bucket", false, false,
            "my-bucket/AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/12/04/123456789012_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20261204T1705Z_0badcafe.log.gz"
        ),
        (
            "arn:aws:s3:::my-bucket/flows/", false, true,
            "my-bucket/flows/AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/12/04/17/123456789012_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20261204T1705Z_0badcafe.log.gz"
        ),
        (
            "arn:aws:s3:::my-bucket", true, false,
            "my-bucket/AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=us-east-1/year=2026/month=12/day=04/123456789012_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20261204T1705Z_0badcafe.log.gz"
        ),
        (
            "arn:aws:s3:::my-bucket/a/b", true, true,
            "my-bucket/a/b/AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=us-east-1/year=2026/month=12/day=04/hour=17/123456789012_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20261204T1705Z_0badcafe.log.gz"
        ),
    ])
    func s3KeysFollowAWSsLayout(_ arn: String, _ hive: Bool, _ perHour: Bool, _ key: String) {
        #expect(FlowLogDeliveryLayout.s3Key(of: Self.s3(arn, hive: hive, perHour: perHour), at: Self.time, hash: "0badcafe") == key)
    }

    @Test func cloudWatchHasAStreamPerInterfaceInItsGroup() {
        let flowLog = F.flowLog(destination: FlowLogDestination(kind: .cloudWatchLogs, logGroupName: "/aws/vpc/flow-logs"))
        #expect(FlowLogDeliveryLayout.logStreamPath(of: flowLog, interfaceId: F.eniA) == "123456789012/us-east-1/%2Faws%2Fvpc%2Fflow-logs/\(F.eniA)")
    }

    @Test func gzipFilesCarryTheStandardChecksum() {
        #expect(GzipFile.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        let file = GzipFile.data(Data("hello\n".utf8))
        #expect(file.prefix(3) == Data([0x1f, 0x8b, 8]))
        #expect(file.count == 10 + 5 + 6 + 8)
    }
}
