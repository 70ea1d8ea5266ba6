/// ModifyVpcEndpoint: policy, route tables (gateway), subnets, security groups, addressing and private DNS (interface).
extension Transaction {
    /// Applies every change of `change` to a live endpoint, or none of them.
    public mutating func modifyVpcEndpoint(_ id: String, _ change: VpcEndpointModification) throws(EC2Error) {
        var endpoint = try require(VpcEndpoint.self, id)
        guard endpoint.isLive else { throw VpcEndpoint.idKind.notFound([id]) }
        let service = try endpointService(endpoint.serviceName, type: endpoint.endpointType)
        let vpc = try require(Vpc.self, endpoint.endpointVpcId)
        if change.resetPolicy, change.policyDocument != nil {
            throw .invalidParameterCombination("ResetPolicy and PolicyDocument cannot be specified together.")
        }
        if change.resetPolicy { endpoint.policyDocument = VpcEndpointPolicy.defaultDocument }
        if let text = change.policyDocument { endpoint.policyDocument = try endpointPolicy(text, for: service) }
        switch endpoint.endpointType {
        case .gateway: try modifyGatewayEndpoint(&endpoint, change)
        case .interface: try modifyInterfaceEndpoint(&endpoint, change, service: service, vpc: vpc)
        }
        put(endpoint)
    }

    private mutating func modifyGatewayEndpoint(_ endpoint: inout VpcEndpoint, _ change: VpcEndpointModification) throws(EC2Error) {
        if !change.addSubnets.isEmpty || !change.removeSubnetIds.isEmpty { throw .notForGatewayEndpoints("SubnetIds") }
        if !change.addSecurityGroupIds.isEmpty || !change.removeSecurityGroupIds.isEmpty { throw .notForGatewayEndpoints("SecurityGroupIds") }
        if change.privateDnsEnabled == true { throw .notForGatewayEndpoints("PrivateDnsEnabled") }
        if change.privateDnsOnlyForInboundResolverEndpoint == true { throw .inboundResolverOnlyNotApplicable(endpoint.serviceName) }
        if change.ipAddressType != nil || change.dnsRecordIpType != nil {
            let service = try endpointService(endpoint.serviceName, type: .gateway)
            (endpoint.ipAddressType, endpoint.dnsRecordIpType) = try endpointAddressing(
                change.ipAddressType ?? endpoint.ipAddressType, change.dnsRecordIpType, for: service)
        }
        for id in change.removeRouteTableIds {
            _ = try require(RouteTable.self, id)
            guard endpoint.routeTableIds.contains(id) else { throw .routeTableNotOfEndpoint(id, endpointId: endpoint.id) }
        }
        removeEndpointRoutes(of: &endpoint, routeTableIds: change.removeRouteTableIds)
        try addEndpointRoutes(to: &endpoint, routeTableIds: change.addRouteTableIds)
    }

    private mutating func modifyInterfaceEndpoint(
        _ endpoint: inout VpcEndpoint, _ change: VpcEndpointModification, service: VpcEndpointService, vpc: Vpc
    ) throws(EC2Error) {
        guard change.addRouteTableIds.isEmpty, change.removeRouteTableIds.isEmpty else { throw .routeTablesOnlyForGateways }
        if change.ipAddressType != nil || change.dnsRecordIpType != nil {
            (endpoint.ipAddressType, endpoint.dnsRecordIpType) = try endpointAddressing(
                change.ipAddressType ?? endpoint.ipAddressType, change.dnsRecordIpType, for: service)
        }
        // Security groups: the result must keep at least one, and every new one must be of the VPC.
        for id in change.removeSecurityGroupIds where !endpoint.groupIds.contains(id) {
            _ = try require(SecurityGroup.self, id)
            throw EC2Error(code: "InvalidGroup.NotFound", message: "The security group '\(id)' is not associated with the endpoint \(endpoint.id)")
        }
        var groups = endpoint.groupIds.filter { !change.removeSecurityGroupIds.contains($0) }
        if !change.addSecurityGroupIds.isEmpty {
            let added = try securityGroupIds(change.addSecurityGroupIds, inVpc: vpc.id, changing: true)
            groups += added.filter { !groups.contains($0) }
        }
        guard !groups.isEmpty else { throw .endpointNeedsSecurityGroup(endpoint.id) }
        endpoint.groupIds = groups
        // Subnets: removals first, so that a subnet of a zone being left can be replaced in the same call.
        for id in change.removeSubnetIds where !endpoint.subnetIds.contains(id) {
            _ = try require(Subnet.self, id)
            throw .subnetNotOfEndpoint(id, endpointId: endpoint.id)
        }
        for id in change.removeSubnetIds { removeEndpointInterface(from: &endpoint, subnetId: id) }
        let added = try endpointSubnets(
            change.addSubnets.filter { !endpoint.subnetIds.contains($0.subnetId) }, vpcId: vpc.id, ipAddressType: endpoint.ipAddressType,
            existing: endpoint.subnetInterfaces.map(\.availabilityZone))
        if endpoint.ipAddressType == .dualstack {
            for member in endpoint.subnetInterfaces {
                let subnet = try require(Subnet.self, member.subnetId)
                if subnet.ipv6CidrBlockAssociations.isEmpty { throw .endpointNeedsIpv6Subnet(subnet.id) }
            }
        }
        try refreshEndpointInterfaces(of: endpoint)
        for (subnet, choice) in added { try addEndpointInterface(to: &endpoint, in: subnet, choice: choice) }
        // Private DNS, checked with the endpoint as it now is.
        if change.privateDnsEnabled != nil || change.privateDnsOnlyForInboundResolverEndpoint != nil {
            let kept = endpoint.privateDnsEnabled ? endpoint.privateDnsOnlyForInboundResolverEndpoint : nil
            endpoint.privateDnsEnabled = change.privateDnsEnabled ?? endpoint.privateDnsEnabled
            endpoint.privateDnsOnlyForInboundResolverEndpoint = try inboundResolverOnly(
                change.privateDnsOnlyForInboundResolverEndpoint ?? kept, privateDns: endpoint.privateDnsEnabled, service: service, vpcId: vpc.id)
        }
        if change.privateDnsEnabled == true { try checkPrivateDns(of: endpoint, service: service, vpc: vpc) }
    }
}
