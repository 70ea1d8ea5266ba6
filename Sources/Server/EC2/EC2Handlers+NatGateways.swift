import Addressing
import CloudModel
import EC2Protocol

extension EC2Handlers {
    func createNatGateway(_ request: EC2.CreateNatGatewayRequest, context: Context) async throws -> EC2.CreateNatGatewayResult {
        try Unsupported.refuse(
            [
                "AvailabilityMode": request.availabilityMode.flatMap { $0 == "zonal" ? nil : $0 }, "VpcId": request.vpcId,
                "AvailabilityZoneAddresses": request.availabilityZoneAddresses.map { _ in "" },
            ])
        guard let subnetId = request.subnetId else { throw EC2Error.missingParameter("SubnetId") }
        let connectivity = try NatGateway.ConnectivityType(request.connectivityType)
        let gateway = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            let tags = try TagSet.creating(NatGateway.resourceType, from: TagSpecification.from(request.tagSpecifications))
            return try transaction.createNatGateway(
                Transaction.NatGatewayRequest(
                    subnetId: subnetId, connectivityType: connectivity, allocationId: request.allocationId,
                    privateIpAddress: request.privateIpAddress, secondaryAllocationIds: request.secondaryAllocationIds ?? [],
                    secondaryPrivateIpAddresses: request.secondaryPrivateIpAddresses ?? [],
                    secondaryPrivateIpAddressCount: request.secondaryPrivateIpAddressCount ?? 0, clientToken: request.clientToken),
                tags: tags)
        }
        // AWS answers while the gateway is still being provisioned; it is `available` (or `failed`) by the next Describe.
        var wire = EC2.NatGateway(gateway)
        wire.state = NatGateway.State.pending.rawValue
        wire.failureCode = nil
        wire.failureMessage = nil
        return EC2.CreateNatGatewayResult(clientToken: request.clientToken, natGateway: wire)
    }

    func deleteNatGateway(_ request: EC2.DeleteNatGatewayRequest, context: Context) async throws -> EC2.DeleteNatGatewayResult {
        let gateway = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.deleteNatGateway(request.natGatewayId)
        }
        return EC2.DeleteNatGatewayResult(natGatewayId: gateway.id)
    }

    func describeNatGateways(_ request: EC2.DescribeNatGatewaysRequest, context: Context) async throws -> EC2.DescribeNatGatewaysResult {
        let (page, _) = try await describe(
            NatGateway.self, context, dryRun: request.dryRun, ids: request.natGatewayIds, filters: request.filter, maxResults: request.maxResults,
            nextToken: request.nextToken)
        return EC2.DescribeNatGatewaysResult(natGateways: page.items.map(EC2.NatGateway.init), nextToken: page.nextToken)
    }
}

extension NatGateway.ConnectivityType {
    /// `ConnectivityType` as a request gives it; `public` when absent, as on AWS.
    init(_ text: String?) throws(EC2Error) {
        guard let value = Self(rawValue: text ?? "public") else {
            throw EC2Error.invalidParameterValue("Value (\(text ?? "")) for parameter connectivityType is invalid. Valid values: public, private.")
        }
        self = value
    }
}

extension EC2.NatGateway {
    init(_ gateway: NatGateway) {
        self.init()
        natGatewayId = gateway.id
        subnetId = gateway.subnetId
        vpcId = gateway.natVpcId
        state = gateway.state.rawValue
        connectivityType = gateway.connectivityType.rawValue
        availabilityMode = "zonal"
        createTime = gateway.createdAt
        deleteTime = gateway.deletedAt
        failureCode = gateway.failure?.code
        failureMessage = gateway.failure?.message
        tags = gateway.tags.wire
        natGatewayAddresses = gateway.addresses.map {
            EC2.NatGatewayAddress(
                allocationId: $0.allocationId, networkInterfaceId: $0.networkInterfaceId, privateIp: $0.privateIp.description,
                publicIp: $0.publicIp?.description, associationId: $0.associationId, isPrimary: $0.isPrimary, status: "succeeded")
        }
    }
}
