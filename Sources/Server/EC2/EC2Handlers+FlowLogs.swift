import CloudModel
import EC2Protocol

/// CreateFlowLogs, DescribeFlowLogs and DeleteFlowLogs: flow logs as resources (their records come with the data plane).
extension EC2Handlers {
    func createFlowLogs(_ request: EC2.CreateFlowLogsRequest, context: Context) async throws -> EC2.CreateFlowLogsResult {
        let flowLogRequest = FlowLogRequest(
            resourceType: request.resourceType, resourceIds: request.resourceIds, trafficType: request.trafficType,
            destinationType: request.logDestinationType, logGroupName: request.logGroupName, logDestination: request.logDestination,
            deliverLogsPermissionArn: request.deliverLogsPermissionArn, deliverCrossAccountRole: request.deliverCrossAccountRole,
            logFormat: request.logFormat, maxAggregationInterval: request.maxAggregationInterval,
            s3Options: request.destinationOptions.map {
                FlowLogRequest.S3OptionsRequest(
                    fileFormat: $0.fileFormat, hiveCompatiblePartitions: $0.hiveCompatiblePartitions, perHourPartition: $0.perHourPartition)
            }, clientToken: request.clientToken, tagSpecifications: TagSpecification.from(request.tagSpecifications))
        let created = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.createFlowLogs(flowLogRequest)
        }
        return EC2.CreateFlowLogsResult(
            clientToken: request.clientToken, flowLogIds: created.flowLogs.map(\.id),
            unsuccessful: created.unsuccessful.map(EC2.UnsuccessfulItem.init))
    }

    func describeFlowLogs(_ request: EC2.DescribeFlowLogsRequest, context: Context) async throws -> EC2.DescribeFlowLogsResult {
        let (page, _) = try await describe(
            FlowLog.self, context, dryRun: request.dryRun, ids: request.flowLogIds, filters: request.filter, maxResults: request.maxResults,
            nextToken: request.nextToken)
        return EC2.DescribeFlowLogsResult(flowLogs: page.items.map(EC2.FlowLog.init), nextToken: page.nextToken)
    }

    func deleteFlowLogs(_ request: EC2.DeleteFlowLogsRequest, context: Context) async throws -> EC2.DeleteFlowLogsResult {
        let unsuccessful = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.deleteFlowLogs(request.flowLogIds)
        }
        return EC2.DeleteFlowLogsResult(unsuccessful: unsuccessful.map(EC2.UnsuccessfulItem.init))
    }
}

extension EC2.UnsuccessfulItem {
    init(_ item: (resourceId: String, error: EC2Error)) {
        self.init(error: EC2.UnsuccessfulItemError(code: item.error.code, message: item.error.message), resourceId: item.resourceId)
    }
}

extension EC2.FlowLog {
    init(_ flowLog: FlowLog) {
        let destination = flowLog.destination
        self.init(
            creationTime: flowLog.createdAt, deliverLogsPermissionArn: flowLog.deliverLogsPermissionArn,
            deliverCrossAccountRole: flowLog.deliverCrossAccountRole, deliverLogsStatus: "SUCCESS", flowLogId: flowLog.id, flowLogStatus: "ACTIVE",
            logGroupName: destination.logGroupName, resourceId: flowLog.resourceId, trafficType: flowLog.trafficType,
            logDestinationType: destination.kind.rawValue, logDestination: destination.arn, logFormat: flowLog.logFormat, tags: flowLog.tags.wire,
            maxAggregationInterval: flowLog.maxAggregationInterval,
            destinationOptions: destination.s3Options.map {
                EC2.DestinationOptionsResponse(
                    fileFormat: $0.fileFormat, hiveCompatiblePartitions: $0.hiveCompatiblePartitions, perHourPartition: $0.perHourPartition)
            })
    }
}
