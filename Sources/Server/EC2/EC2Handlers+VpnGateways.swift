import CloudModel
import EC2Protocol

extension EC2Handlers {
    func createVpnGateway(_ request: EC2.CreateVpnGatewayRequest, context: Context) async throws -> EC2.CreateVpnGatewayResult {
        let gateway = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.createVpnGateway(
                type: request.type, amazonSideAsn: request.amazonSideAsn, availabilityZone: request.availabilityZone,
                tagSpecifications: TagSpecification.from(request.tagSpecifications))
        }
        return EC2.CreateVpnGatewayResult(vpnGateway: EC2.VpnGateway(gateway))
    }

    func attachVpnGateway(_ request: EC2.AttachVpnGatewayRequest, context: Context) async throws -> EC2.AttachVpnGatewayResult {
        let gateway = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.attachVpnGateway(request.vpnGatewayId, vpcId: request.vpcId)
        }
        return EC2.AttachVpnGatewayResult(vpcAttachment: gateway.attachment.map(EC2.VpcAttachment.init))
    }

    func detachVpnGateway(_ request: EC2.DetachVpnGatewayRequest, context: Context) async throws {
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.detachVpnGateway(request.vpnGatewayId, vpcId: request.vpcId)
        }
    }

    func deleteVpnGateway(_ request: EC2.DeleteVpnGatewayRequest, context: Context) async throws {
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.deleteVpnGateway(request.vpnGatewayId)
        }
    }

    func describeVpnGateways(_ request: EC2.DescribeVpnGatewaysRequest, context: Context) async throws -> EC2.DescribeVpnGatewaysResult {
        let (page, _) = try await describe(
            VpnGateway.self, context, dryRun: request.dryRun, ids: request.vpnGatewayIds, filters: request.filters, maxResults: nil,
            nextToken: nil)
        return EC2.DescribeVpnGatewaysResult(vpnGateways: page.items.map(EC2.VpnGateway.init))
    }

    func enableVgwRoutePropagation(_ request: EC2.EnableVgwRoutePropagationRequest, context: Context) async throws {
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.enableVgwRoutePropagation(routeTableId: request.routeTableId, gatewayId: request.gatewayId)
        }
    }

    func disableVgwRoutePropagation(_ request: EC2.DisableVgwRoutePropagationRequest, context: Context) async throws {
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.disableVgwRoutePropagation(routeTableId: request.routeTableId, gatewayId: request.gatewayId)
        }
    }
}

extension EC2.VpnGateway {
    init(_ gateway: VpnGateway) {
        self.init(
            amazonSideAsn: gateway.amazonSideAsn, tags: gateway.tags.wire, vpnGatewayId: gateway.id, state: gateway.state.rawValue,
            type: gateway.type, availabilityZone: gateway.availabilityZone,
            vpcAttachments: gateway.attachment.map { [EC2.VpcAttachment($0)] } ?? [])
    }
}

extension EC2.VpcAttachment {
    init(_ attachment: VpnGateway.Attachment) {
        self.init(vpcId: attachment.vpcId, state: attachment.state.rawValue)
    }
}
