public import Foundation

/// A VPC flow log: which traffic of one VPC, subnet or network interface is recorded, and where it is delivered.
///
/// Only the resource is modelled; the records themselves come with the data plane. A flow log goes away with the
/// resource it monitors (AWS: "flow logs for deleted VPCs are eventually automatically removed"), never blocking
/// its deletion, so it is not filed under a VPC (`vpcId` is nil) where dependency checks would see it.
public struct FlowLog: IdentifiedResource, IdempotentlyCreated {
    public static let idKind = ResourceIdKind.flowLog
    public static var table: WritableKeyPath<RegionState, PersistentDictionary<String, FlowLog>> { \.flowLogs }
    public static let resourceType = "vpc-flow-log"
    public var resource: Resource { .flowLog(self) }
    public static func unwrap(_ resource: Resource) -> Self? {
        if case .flowLog(let value) = resource { value } else { nil }
    }

    public let id: String
    public let scope: AccountRegion
    /// The VPC, subnet or network interface monitored.
    public let resourceId: String
    /// `ACCEPT`, `REJECT` or `ALL`.
    public let trafficType: String
    public let destination: FlowLogDestination
    /// The `${field}` list records are written with.
    public let logFormat: String
    /// 60 or 600 seconds.
    public let maxAggregationInterval: Int
    public let deliverLogsPermissionArn: String?
    public let deliverCrossAccountRole: String?
    /// The CreateFlowLogs `ClientToken` that made it, for idempotent retries.
    public let clientToken: String?
    public var requestFingerprint: String?
    public var tags: TagSet
    public var createdAt: Date

    public var vpcId: String? { nil }

    public init(
        id: String, scope: AccountRegion, resourceId: String, trafficType: String, destination: FlowLogDestination, logFormat: String,
        maxAggregationInterval: Int, deliverLogsPermissionArn: String?, deliverCrossAccountRole: String?, clientToken: String?,
        tags: TagSet = [:], createdAt: Date
    ) {
        self.id = id
        self.scope = scope
        self.resourceId = resourceId
        self.trafficType = trafficType
        self.destination = destination
        self.logFormat = logFormat
        self.maxAggregationInterval = maxAggregationInterval
        self.deliverLogsPermissionArn = deliverLogsPermissionArn
        self.deliverCrossAccountRole = deliverCrossAccountRole
        self.clientToken = clientToken
        self.tags = tags
        self.createdAt = createdAt
    }
}

/// Where a flow log delivers: a CloudWatch Logs group, an S3 bucket (with its file options) or a Firehose stream.
public struct FlowLogDestination: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case cloudWatchLogs = "cloud-watch-logs"
        case s3
        case kinesisDataFirehose = "kinesis-data-firehose"
    }

    /// S3's `DestinationOptions`, with AWS's defaults filled in.
    public struct S3Options: Sendable, Hashable, Codable {
        /// `plain-text` or `parquet`.
        public var fileFormat: String
        public var hiveCompatiblePartitions: Bool
        public var perHourPartition: Bool

        public init(fileFormat: String = "plain-text", hiveCompatiblePartitions: Bool = false, perHourPartition: Bool = false) {
            self.fileFormat = fileFormat
            self.hiveCompatiblePartitions = hiveCompatiblePartitions
            self.perHourPartition = perHourPartition
        }
    }

    public var kind: Kind
    /// The CloudWatch Logs group, given by name or read from the group's ARN.
    public var logGroupName: String?
    /// The ARN given (log group, bucket with optional folder, or delivery stream), when one was.
    public var arn: String?
    public var s3Options: S3Options?

    public init(kind: Kind, logGroupName: String? = nil, arn: String? = nil, s3Options: S3Options? = nil) {
        self.kind = kind
        self.logGroupName = logGroupName
        self.arn = arn
        self.s3Options = s3Options
    }
}
