import CloudModel
import EC2Protocol

extension EC2Handlers {
    func createCustomerGateway(_ request: EC2.CreateCustomerGatewayRequest, context: Context) async throws -> EC2.CreateCustomerGatewayResult {
        // `PublicIp` is the deprecated name of `IpAddress`.
        let customerGateway = Transaction.CustomerGatewayRequest(
            type: request.type, ipAddress: request.ipAddress ?? request.publicIp, bgpAsn: request.bgpAsn, bgpAsnExtended: request.bgpAsnExtended,
            deviceName: request.deviceName, certificateArn: request.certificateArn)
        let gateway = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.createCustomerGateway(customerGateway, tagSpecifications: TagSpecification.from(request.tagSpecifications))
        }
        return EC2.CreateCustomerGatewayResult(customerGateway: EC2.CustomerGateway(gateway))
    }

    func deleteCustomerGateway(_ request: EC2.DeleteCustomerGatewayRequest, context: Context) async throws {
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.deleteCustomerGateway(request.customerGatewayId)
        }
    }

    func describeCustomerGateways(_ request: EC2.DescribeCustomerGatewaysRequest, context: Context) async throws
        -> EC2.DescribeCustomerGatewaysResult
    {
        let (page, _) = try await describe(
            CustomerGateway.self, context, dryRun: request.dryRun, ids: request.customerGatewayIds, filters: request.filters, maxResults: nil,
            nextToken: nil)
        return EC2.DescribeCustomerGatewaysResult(customerGateways: page.items.map(EC2.CustomerGateway.init))
    }
}

extension EC2.CustomerGateway {
    init(_ gateway: CustomerGateway) {
        self.init(
            certificateArn: gateway.certificateArn, deviceName: gateway.deviceName, tags: gateway.tags.wire,
            bgpAsnExtended: gateway.bgpAsn > 2_147_483_647 ? String(gateway.bgpAsn) : nil, customerGatewayId: gateway.id,
            state: gateway.state.rawValue, type: gateway.type, ipAddress: gateway.ipAddress, bgpAsn: String(gateway.bgpAsn))
    }
}
