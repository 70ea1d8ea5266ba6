/// CreateFlowLogs and DeleteFlowLogs, and flow logs leaving with the resource they monitor.
extension Transaction {
    /// What CreateFlowLogs answers: the flow logs made, and each resource id it could not monitor with the error why.
    public struct FlowLogsCreated: Sendable {
        public var flowLogs: [FlowLog]
        public var unsuccessful: [(resourceId: String, error: EC2Error)]
    }

    /// Creates one flow log per resource. A request AWS refuses as a whole (a bad destination, format or interval)
    /// throws; a resource that does not exist, or already has a flow log to the same destination, goes into
    /// `unsuccessful` while the others are created, as AWS does. A repeated `ClientToken` answers the first call.
    public mutating func createFlowLogs(_ request: FlowLogRequest) throws(EC2Error) -> FlowLogsCreated {
        if let token = request.clientToken {
            let previous = all(FlowLog.self).filter { $0.clientToken == token }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
            if !previous.isEmpty {
                guard previous.allSatisfy({ $0.requestFingerprint.map { $0 == request.fingerprint } ?? true }) else {
                    throw .idempotentParameterMismatch
                }
                return FlowLogsCreated(flowLogs: previous, unsuccessful: [])
            }
        }
        let kind = try Self.monitoredKind(request.resourceType)
        guard !request.resourceIds.isEmpty else { throw .missingParameter("ResourceId") }
        guard let trafficType = request.trafficType else {
            throw .invalidFlowLogParameter("TrafficType can't be empty if ResourceType is \(request.resourceType).")
        }
        guard ["ACCEPT", "REJECT", "ALL"].contains(trafficType) else {
            throw .invalidParameterValue("Value (\(trafficType)) for parameter TrafficType is invalid. Valid values are: ACCEPT, REJECT, ALL.")
        }
        let destination = try Self.destination(request)
        let interval = request.maxAggregationInterval ?? 600
        guard interval == 60 || interval == 600 else { throw .invalidFlowLogParameter("Invalid Flow Log Max Aggregation Interval") }
        let format = request.logFormat ?? FlowLogFormat.defaultFormat
        try FlowLogFormat.validate(format)
        let tags = try TagSet.creating(FlowLog.resourceType, from: request.tagSpecifications)

        var created = FlowLogsCreated(flowLogs: [], unsuccessful: [])
        for resourceId in request.resourceIds {
            do throws(EC2Error) {
                try kind.validate(resourceId)
                guard resource(resourceId, of: kind) else { throw kind.notFound([resourceId]) }
                if all(FlowLog.self).contains(where: { $0.resourceId == resourceId && $0.trafficType == trafficType && $0.destination == destination }
                ) {
                    throw .flowLogAlreadyExists
                }
            } catch {
                created.unsuccessful.append((resourceId, error))
                continue
            }
            var flowLog = FlowLog(
                id: newId(.flowLog), scope: scope, resourceId: resourceId, trafficType: trafficType, destination: destination, logFormat: format,
                maxAggregationInterval: interval, deliverLogsPermissionArn: request.deliverLogsPermissionArn,
                deliverCrossAccountRole: request.deliverCrossAccountRole, clientToken: request.clientToken, tags: tags, createdAt: now)
            flowLog.requestFingerprint = request.clientToken.map { _ in request.fingerprint }
            put(flowLog)
            created.flowLogs.append(flowLog)
        }
        return created
    }

    /// Deletes the flow logs in `ids`; the ones that do not exist are answered, not thrown (`Unsuccessful`).
    public mutating func deleteFlowLogs(_ ids: [String]) throws(EC2Error) -> [(resourceId: String, error: EC2Error)] {
        guard !ids.isEmpty else { throw .missingParameter("FlowLogId") }
        var unsuccessful: [(resourceId: String, error: EC2Error)] = []
        for id in ids {
            guard ResourceId.isWellFormed(id, prefix: .flowLog), let flowLog = get(FlowLog.self, id) else {
                unsuccessful.append((id, .flowLogNotFound(id)))
                continue
            }
            delete(flowLog)
        }
        return unsuccessful
    }

    /// Removes the flow logs of a VPC, subnet or interface being deleted.
    mutating func deleteFlowLogs(monitoring resourceId: String) {
        for flowLog in all(FlowLog.self) where flowLog.resourceId == resourceId { delete(flowLog) }
    }

    private func resource(_ id: String, of kind: ResourceIdKind) -> Bool {
        switch kind.prefix {
        case .vpc: get(Vpc.self, id) != nil
        case .subnet: get(Subnet.self, id) != nil
        default: get(NetworkInterface.self, id) != nil
        }
    }

    private static func monitoredKind(_ resourceType: String) throws(EC2Error) -> ResourceIdKind {
        switch resourceType {
        case "VPC": .vpc
        case "Subnet": .subnet
        case "NetworkInterface": .networkInterface
        case "TransitGateway", "TransitGatewayAttachment": throw .transitGatewayFlowLogsUnsupported
        default:
            throw .invalidParameterValue(
                "Value (\(resourceType)) for parameter ResourceType is invalid. Valid values are: VPC, Subnet, NetworkInterface, TransitGateway, TransitGatewayAttachment."
            )
        }
    }

    /// AWS's cross-parameter rules for the three destination types.
    private static func destination(_ request: FlowLogRequest) throws(EC2Error) -> FlowLogDestination {
        let typeName = request.destinationType ?? FlowLogDestination.Kind.cloudWatchLogs.rawValue
        guard let type = FlowLogDestination.Kind(rawValue: typeName) else {
            throw .invalidParameterValue(
                "Value (\(typeName)) for parameter LogDestinationType is invalid. Valid values are: cloud-watch-logs, s3, kinesis-data-firehose.")
        }
        if type != .cloudWatchLogs, request.logGroupName != nil {
            throw .invalidFlowLogParameter("LogDestination type must be cloud-watch-logs if LogGroupName is provided.")
        }
        if type != .s3, request.s3Options != nil {
            throw .invalidFlowLogParameter("DestinationOptions can only be specified if LogDestinationType is s3.")
        }
        switch type {
        case .cloudWatchLogs:
            guard request.deliverLogsPermissionArn != nil else {
                throw .invalidFlowLogParameter("DeliverLogsPermissionArn can't be empty if LogDestinationType is cloud-watch-logs.")
            }
            switch (request.logGroupName, request.logDestination) {
            case (let name?, nil): return FlowLogDestination(kind: type, logGroupName: name)
            case (nil, let arn?):
                // arn:aws:logs:REGION:ACCOUNT:log-group:NAME, optionally followed by `:*`.
                let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count >= 7, parts[2] == "logs", parts[5] == "log-group", !parts[6].isEmpty else { throw .invalidLogDestination(arn) }
                return FlowLogDestination(kind: type, logGroupName: String(parts[6]), arn: arn)
            case (nil, nil): throw .invalidFlowLogParameter("LogDestination can't be empty if LogGroupName is not provided.")
            case (_?, _?): throw .invalidFlowLogParameter("Please only provide LogGroupName or only provide LogDestination.")
            }
        case .s3:
            guard let arn = request.logDestination else {
                throw .invalidFlowLogParameter("LogDestination can't be empty if LogDestinationType is s3.")
            }
            // S3 delivery uses the bucket's policy, not a role: AWS's words, as a CloudFormation user quotes EC2's 400
            // (aws-samples/aws-secure-environment-accelerator#1111); the code, which that quote leaves out, is a guess.
            if request.deliverLogsPermissionArn != nil {
                throw .invalidFlowLogParameter("DeliverLogsPermissionArn is not applicable for s3 delivery")
            }
            guard arn.hasPrefix("arn:aws:s3:::"), let bucket = arn.dropFirst(13).split(separator: "/").first, !bucket.isEmpty else {
                throw .invalidLogDestination(arn)
            }
            if arn.dropFirst(13).split(separator: "/").dropFirst().first == "AWSLogs" {
                throw .invalidFlowLogParameter("LogDestination: AWSLogs is a reserved subfolder name and cannot be used.")
            }
            let given = request.s3Options ?? .init()
            let fileFormat = given.fileFormat ?? "plain-text"
            guard fileFormat == "plain-text" || fileFormat == "parquet" else {
                throw .invalidParameterValue("Value (\(fileFormat)) for parameter FileFormat is invalid. Valid values are: plain-text, parquet.")
            }
            let options = FlowLogDestination.S3Options(
                fileFormat: fileFormat, hiveCompatiblePartitions: given.hiveCompatiblePartitions ?? false,
                perHourPartition: given.perHourPartition ?? false)
            return FlowLogDestination(kind: type, arn: arn, s3Options: options)
        case .kinesisDataFirehose:
            guard let arn = request.logDestination else {
                throw .invalidFlowLogParameter("LogDestination can't be empty if LogDestinationType is kinesis-data-firehose.")
            }
            let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 6, parts[2] == "firehose", parts[5].hasPrefix("deliverystream/"), parts[5].count > 15 else {
                throw .invalidLogDestination(arn)
            }
            return FlowLogDestination(kind: type, arn: arn)
        }
    }
}
