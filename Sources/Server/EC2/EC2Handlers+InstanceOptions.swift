import CloudModel
import EC2Protocol

/// What instance tools change and read back besides attributes: metadata options, CPU credits, maintenance options
/// and detailed monitoring (the calls Terraform's aws_instance and Ansible's ec2_instance make).
extension EC2Handlers {
    /// Changes the metadata options; the answer says `pending`, as AWS's does, and DescribeInstances then `applied`.
    func modifyInstanceMetadataOptions(_ request: EC2.ModifyInstanceMetadataOptionsRequest, context: Context) async throws
        -> EC2.ModifyInstanceMetadataOptionsResult
    {
        let change = try InstanceMetadataOptions.Change.parse(
            httpTokens: request.httpTokens, httpPutResponseHopLimit: request.httpPutResponseHopLimit, httpEndpoint: request.httpEndpoint,
            httpProtocolIpv6: request.httpProtocolIpv6, instanceMetadataTags: request.instanceMetadataTags)
        let options = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.modifyInstanceMetadataOptions(request.instanceId, change)
        }
        return EC2.ModifyInstanceMetadataOptionsResult(
            instanceId: request.instanceId, instanceMetadataOptions: EC2.InstanceMetadataOptionsResponse(options, state: "pending"))
    }

    /// Sets the CPU credit option of burstable instances, answering per instance as AWS does.
    func modifyInstanceCreditSpecification(_ request: EC2.ModifyInstanceCreditSpecificationRequest, context: Context) async throws
        -> EC2.ModifyInstanceCreditSpecificationResult
    {
        var requests: [(instanceId: String, cpuCredits: InstanceConfiguration.CpuCredits)] = []
        for item in request.instanceCreditSpecifications {
            guard let credits = item.cpuCredits else { throw EC2Error.missingParameter("InstanceCreditSpecification.N.CpuCredits") }
            requests.append((item.instanceId, try InstanceConfiguration.CpuCredits.parse(credits)))
        }
        let changes = try await perform(context, dryRun: request.dryRun) { [requests] transaction throws(EC2Error) in
            try transaction.modifyInstanceCreditSpecification(requests)
        }
        return EC2.ModifyInstanceCreditSpecificationResult(
            successfulInstanceCreditSpecifications: changes.successful.map { EC2.SuccessfulInstanceCreditSpecificationItem(instanceId: $0) },
            unsuccessfulInstanceCreditSpecifications: changes.unsuccessful.map {
                EC2.UnsuccessfulInstanceCreditSpecificationItem(
                    instanceId: $0.instanceId,
                    error: EC2.UnsuccessfulInstanceCreditSpecificationItemError(code: $0.error.code, message: $0.error.message))
            })
    }

    func modifyInstanceMaintenanceOptions(_ request: EC2.ModifyInstanceMaintenanceOptionsRequest, context: Context) async throws
        -> EC2.ModifyInstanceMaintenanceOptionsResult
    {
        let autoRecovery = try InstanceMaintenanceOptions.setting(request.autoRecovery, parameter: "AutoRecovery")
        let rebootMigration = try InstanceMaintenanceOptions.setting(request.rebootMigration, parameter: "RebootMigration")
        let options = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.modifyInstanceMaintenanceOptions(request.instanceId, autoRecovery: autoRecovery, rebootMigration: rebootMigration)
        }
        return EC2.ModifyInstanceMaintenanceOptionsResult(
            instanceId: request.instanceId, autoRecovery: options.autoRecovery.rawValue, rebootMigration: options.rebootMigration.rawValue)
    }

    /// Turns on detailed monitoring; the answer says `pending`, DescribeInstances then `enabled`.
    func monitorInstances(_ request: EC2.MonitorInstancesRequest, context: Context) async throws -> EC2.MonitorInstancesResult {
        let states = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.setMonitoring(request.instanceIds, enabled: true)
        }
        return EC2.MonitorInstancesResult(instanceMonitorings: states.map(EC2.InstanceMonitoring.init))
    }

    /// Turns off detailed monitoring; the answer says `disabling`, DescribeInstances then `disabled`.
    func unmonitorInstances(_ request: EC2.UnmonitorInstancesRequest, context: Context) async throws -> EC2.UnmonitorInstancesResult {
        let states = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.setMonitoring(request.instanceIds, enabled: false)
        }
        return EC2.UnmonitorInstancesResult(instanceMonitorings: states.map(EC2.InstanceMonitoring.init))
    }

    func describeInstanceCreditSpecifications(_ request: EC2.DescribeInstanceCreditSpecificationsRequest, context: Context) async throws
        -> EC2.DescribeInstanceCreditSpecificationsResult
    {
        let state = try await snapshot(context, dryRun: request.dryRun)
        let query = DescribeQuery(
            ids: request.instanceIds ?? [], filters: try Filter.from(request.filters), maxResults: request.maxResults, nextToken: request.nextToken,
            maxResultsRange: 5...1000)
        let page = try state.describeInstanceCreditSpecifications(in: context.scope, query: query, at: cloud.clock.now())
        return EC2.DescribeInstanceCreditSpecificationsResult(
            instanceCreditSpecifications: page.items.map {
                EC2.InstanceCreditSpecification(instanceId: $0.instance.id, cpuCredits: $0.cpuCredits.rawValue)
            },
            nextToken: page.nextToken)
    }
}

extension EC2.InstanceMetadataOptionsResponse {
    /// The options as DescribeInstances (`applied`) or ModifyInstanceMetadataOptions (`pending`) shows them.
    init(_ options: InstanceMetadataOptions, state: String) {
        self.init(
            state: state, httpTokens: options.httpTokens.rawValue, httpPutResponseHopLimit: options.httpPutResponseHopLimit,
            httpEndpoint: options.httpEndpoint.rawValue, httpProtocolIpv6: options.httpProtocolIpv6.rawValue,
            instanceMetadataTags: options.instanceMetadataTags.rawValue)
    }
}

extension EC2.InstanceMonitoring {
    init(_ state: (instanceId: String, state: String)) {
        self.init(instanceId: state.instanceId, monitoring: EC2.Monitoring(state: state.state))
    }
}
