/// CreateInternetGateway, Attach/Detach and DeleteInternetGateway.
extension Transaction {
    public mutating func createInternetGateway(tagSpecifications: [TagSpecification] = []) throws(EC2Error) -> InternetGateway {
        let tags = try TagSet.creating(InternetGateway.resourceType, from: tagSpecifications)
        if configuration.enforcesAdjustableQuotas, all(InternetGateway.self).count >= configuration.quotas.internetGatewaysPerRegion {
            throw .limitExceeded("InternetGatewayLimitExceeded", "The maximum number of internet gateways has been reached.")
        }
        let gateway = InternetGateway(id: newId(.internetGateway), scope: scope, tags: tags, createdAt: now)
        put(gateway)
        return gateway
    }

    /// Attaches a gateway to a VPC; a gateway has one VPC and a VPC one gateway.
    public mutating func attachInternetGateway(_ gatewayId: String, vpcId: String) throws(EC2Error) {
        var gateway = try require(InternetGateway.self, gatewayId)
        let vpc = try require(Vpc.self, vpcId)
        if gateway.attachedVpcId != nil {
            throw EC2Error(
                code: "Resource.AlreadyAssociated", message: "resource \(gatewayId) is already attached to network \(gateway.attachedVpcId!)")
        }
        if !all(InternetGateway.self, inVpc: vpc.id).isEmpty {
            throw .invalidParameterValue("Network \(vpc.id) already has an internet gateway attached")
        }
        gateway.attachedVpcId = vpc.id
        put(gateway)
    }

    /// Detaches a gateway from the VPC it is attached to; routes through it turn `blackhole`.
    public mutating func detachInternetGateway(_ gatewayId: String, vpcId: String) throws(EC2Error) {
        var gateway = try require(InternetGateway.self, gatewayId)
        try ResourceIdKind.vpc.validate(vpcId)
        guard gateway.attachedVpcId == vpcId else {
            throw EC2Error(code: "Gateway.NotAttached", message: "resource \(gatewayId) is not attached to network \(vpcId)")
        }
        // Public addresses need the gateway: AWS refuses to detach it while any is mapped in the VPC.
        let mapped =
            all(Address.self, inVpc: vpcId).contains { $0.association != nil }
            || all(NetworkInterface.self, inVpc: vpcId).contains { $0.autoPublicIp != nil }
        guard !mapped else {
            throw .dependencyViolation(
                "Network \(vpcId) has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.")
        }
        gateway.attachedVpcId = nil
        put(gateway)
    }

    public mutating func deleteInternetGateway(_ gatewayId: String) throws(EC2Error) {
        let gateway = try require(InternetGateway.self, gatewayId)
        if gateway.attachedVpcId != nil {
            throw .dependencyViolation("The internetGateway '\(gatewayId)' has dependencies and cannot be deleted.")
        }
        delete(gateway)
    }
}
