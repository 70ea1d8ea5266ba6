import CloudModel
import EC2Protocol

extension EC2Handlers {
    func createInternetGateway(_ request: EC2.CreateInternetGatewayRequest, context: Context) async throws -> EC2.CreateInternetGatewayResult {
        let gateway = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.createInternetGateway(tagSpecifications: TagSpecification.from(request.tagSpecifications))
        }
        return EC2.CreateInternetGatewayResult(internetGateway: EC2.InternetGateway(gateway))
    }

    func attachInternetGateway(_ request: EC2.AttachInternetGatewayRequest, context: Context) async throws {
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.attachInternetGateway(request.internetGatewayId, vpcId: request.vpcId)
        }
    }

    func detachInternetGateway(_ request: EC2.DetachInternetGatewayRequest, context: Context) async throws {
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.detachInternetGateway(request.internetGatewayId, vpcId: request.vpcId)
        }
    }

    func deleteInternetGateway(_ request: EC2.DeleteInternetGatewayRequest, context: Context) async throws {
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.deleteInternetGateway(request.internetGatewayId)
        }
    }

    func describeInternetGateways(_ request: EC2.DescribeInternetGatewaysRequest, context: Context) async throws -> EC2.DescribeInternetGatewaysResult
    {
        let (page, _) = try await describe(
            InternetGateway.self, context, dryRun: request.dryRun, ids: request.internetGatewayIds, filters: request.filters,
            maxResults: request.maxResults, nextToken: request.nextToken)
        return EC2.DescribeInternetGatewaysResult(internetGateways: page.items.map(EC2.InternetGateway.init), nextToken: page.nextToken)
    }
}

extension EC2.InternetGateway {
    init(_ gateway: InternetGateway) {
        self.init(
            attachments: gateway.attachedVpcId.map { [EC2.InternetGatewayAttachment(state: "available", vpcId: $0)] } ?? [],
            internetGatewayId: gateway.id, ownerId: gateway.scope.account, tags: gateway.tags.wire)
    }
}
