/// CreateEgressOnlyInternetGateway and DeleteEgressOnlyInternetGateway.
extension Transaction {
    /// Makes a gateway for `vpcId`; a repeated `clientToken` answers the gateway it made the first time
    /// (for the same VPC), as AWS's idempotent create calls do.
    public mutating func createEgressOnlyInternetGateway(
        vpcId: String, clientToken: String? = nil, tagSpecifications: [TagSpecification] = []
    ) throws(EC2Error) -> EgressOnlyInternetGateway {
        if let clientToken, let previous = all(EgressOnlyInternetGateway.self).first(where: { $0.clientToken == clientToken }) {
            guard previous.gatewayVpcId == vpcId else { throw .idempotentParameterMismatch }
            return previous
        }
        let tags = try TagSet.creating(EgressOnlyInternetGateway.resourceType, from: tagSpecifications)
        let vpc = try require(Vpc.self, vpcId)
        let gateway = EgressOnlyInternetGateway(
            id: newId(.egressOnlyInternetGateway), scope: scope, vpcId: vpc.id, tags: tags, clientToken: clientToken, createdAt: now)
        put(gateway)
        return gateway
    }

    /// Deletes a gateway; routes through it stay, as `blackhole`, as in AWS.
    public mutating func deleteEgressOnlyInternetGateway(_ gatewayId: String) throws(EC2Error) {
        let gateway = try require(EgressOnlyInternetGateway.self, gatewayId)
        delete(gateway)
    }
}
