/// What CreateFlowLogs asks for, with the wire's optionals as given: AWS's defaults and cross-parameter rules are
/// the model's to apply (`Transaction.createFlowLogs`).
public struct FlowLogRequest: Sendable, Hashable {
    /// `VPC`, `Subnet` or `NetworkInterface`.
    public var resourceType: String
    public var resourceIds: [String]
    public var trafficType: String?
    public var destinationType: String?
    public var logGroupName: String?
    public var logDestination: String?
    public var deliverLogsPermissionArn: String?
    public var deliverCrossAccountRole: String?
    public var logFormat: String?
    public var maxAggregationInterval: Int?
    public var s3Options: S3OptionsRequest?
    public var clientToken: String?
    public var tagSpecifications: [TagSpecification]

    /// `DestinationOptions` as sent; every member optional.
    public struct S3OptionsRequest: Sendable, Hashable {
        public var fileFormat: String?
        public var hiveCompatiblePartitions: Bool?
        public var perHourPartition: Bool?

        public init(fileFormat: String? = nil, hiveCompatiblePartitions: Bool? = nil, perHourPartition: Bool? = nil) {
            self.fileFormat = fileFormat
            self.hiveCompatiblePartitions = hiveCompatiblePartitions
            self.perHourPartition = perHourPartition
        }
    }

    public init(
        resourceType: String, resourceIds: [String], trafficType: String? = nil, destinationType: String? = nil, logGroupName: String? = nil,
        logDestination: String? = nil, deliverLogsPermissionArn: String? = nil, deliverCrossAccountRole: String? = nil,
        logFormat: String? = nil, maxAggregationInterval: Int? = nil, s3Options: S3OptionsRequest? = nil, clientToken: String? = nil,
        tagSpecifications: [TagSpecification] = []
    ) {
        self.resourceType = resourceType
        self.resourceIds = resourceIds
        self.trafficType = trafficType
        self.destinationType = destinationType
        self.logGroupName = logGroupName
        self.logDestination = logDestination
        self.deliverLogsPermissionArn = deliverLogsPermissionArn
        self.deliverCrossAccountRole = deliverCrossAccountRole
        self.logFormat = logFormat
        self.maxAggregationInterval = maxAggregationInterval
        self.s3Options = s3Options
        self.clientToken = clientToken
        self.tagSpecifications = tagSpecifications
    }
}

extension FlowLogRequest {
    /// What the request asks for, as a repeated `ClientToken` is compared.
    var fingerprint: String {
        IdempotentRequest.fingerprint(
            [
                resourceType, resourceIds.joined(separator: ","), trafficType, destinationType, logGroupName, logDestination,
                deliverLogsPermissionArn, deliverCrossAccountRole, logFormat, maxAggregationInterval.map(String.init),
                s3Options.map { String(describing: ($0.fileFormat, $0.hiveCompatiblePartitions, $0.perHourPartition)) },
            ])
    }
}
