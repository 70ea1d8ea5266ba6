import CloudModel
import EC2Protocol

extension EC2Handlers {
    func createEgressOnlyInternetGateway(
        _ request: EC2.CreateEgressOnlyInternetGatewayRequest,
        context: Context
    ) async throws -> EC2.CreateEgressOnlyInternetGatewayResult {
        let gateway = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.createEgressOnlyInternetGateway(
                vpcId: request.vpcId, clientToken: request.clientToken, tagSpecifications: TagSpecification.from(request.tagSpecifications))
        }
        return EC2.CreateEgressOnlyInternetGatewayResult(
            clientToken: request.clientToken, egressOnlyInternetGateway: EC2.EgressOnlyInternetGateway(gateway))
    }

    func deleteEgressOnlyInternetGateway(
        _ request: EC2.DeleteEgressOnlyInternetGatewayRequest,
        context: Context
    ) async throws -> EC2.DeleteEgressOnlyInternetGatewayResult {
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.deleteEgressOnlyInternetGateway(request.egressOnlyInternetGatewayId)
        }
        return EC2.DeleteEgressOnlyInternetGatewayResult(returnCode: true)
    }

    func describeEgressOnlyInternetGateways(
        _ request: EC2.DescribeEgressOnlyInternetGatewaysRequest,
        context: Context
    ) async throws -> EC2.DescribeEgressOnlyInternetGatewaysResult {
        let (page, _) = try await describe(
            EgressOnlyInternetGateway.self, context, dryRun: request.dryRun, ids: request.egressOnlyInternetGatewayIds,
            filters: request.filters, maxResults: request.maxResults, nextToken: request.nextToken, maxResultsRange: 5...255)
        return EC2.DescribeEgressOnlyInternetGatewaysResult(
            egressOnlyInternetGateways: page.items.map(EC2.EgressOnlyInternetGateway.init), nextToken: page.nextToken)
    }
}

extension EC2.EgressOnlyInternetGateway {
    init(_ gateway: EgressOnlyInternetGateway) {
        self.init(
            attachments: [EC2.InternetGatewayAttachment(state: EgressOnlyInternetGateway.attachmentState, vpcId: gateway.gatewayVpcId)],
            egressOnlyInternetGatewayId: gateway.id, tags: gateway.tags.wire)
    }
}
