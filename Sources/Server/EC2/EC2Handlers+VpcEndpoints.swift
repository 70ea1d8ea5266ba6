import CloudModel
import EC2Protocol
import Foundation

/// CreateVpcEndpoint, DescribeVpcEndpoints, ModifyVpcEndpoint and DeleteVpcEndpoints.
extension EC2Handlers {
    func createVpcEndpoint(_ request: EC2.CreateVpcEndpointRequest, context: Context) async throws -> EC2.CreateVpcEndpointResult {
        try Unsupported.refuse(
            [
                "ServiceNetworkArn": request.serviceNetworkArn, "ResourceConfigurationArn": request.resourceConfigurationArn,
                "ServiceRegion": request.serviceRegion.flatMap { $0 == context.scope.region ? nil : $0 },
                "DnsOptions.PrivateDnsPreference": request.dnsOptions?.privateDnsPreference,
                "DnsOptions.PrivateDnsSpecifiedDomains": request.dnsOptions?.privateDnsSpecifiedDomains.map { _ in "" },
            ])
        let ipAddressType = try VpcEndpoint.IpAddressType(wire: request.ipAddressType)
        let dnsRecordIpType = try VpcEndpoint.DnsRecordIpType(wire: request.dnsOptions?.dnsRecordIpType)
        let subnets = VpcEndpointRequest.SubnetChoice.from(request.subnetIds ?? [], request.subnetConfigurations ?? [])
        let (endpoint, groupNames) = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            let type = try transaction.endpointType(request.vpcEndpointType, serviceName: request.serviceName ?? "")
            guard let serviceName = request.serviceName else { throw EC2Error.missingParameter("ServiceName") }
            let tags = try TagSet.creating(VpcEndpoint.resourceType, from: TagSpecification.from(request.tagSpecifications))
            let endpoint = try transaction.createVpcEndpoint(
                VpcEndpointRequest(
                    vpcId: request.vpcId, serviceName: serviceName, type: type, policyDocument: request.policyDocument,
                    routeTableIds: request.routeTableIds ?? [], subnets: subnets, securityGroupIds: request.securityGroupIds ?? [],
                    ipAddressType: ipAddressType, dnsRecordIpType: dnsRecordIpType, privateDnsEnabled: request.privateDnsEnabled,
                    privateDnsOnlyForInboundResolverEndpoint: request.dnsOptions?.privateDnsOnlyForInboundResolverEndpoint,
                    clientToken: request.clientToken, tags: tags))
            return (endpoint, transaction.groupNames(endpoint.groupIds))
        }
        return EC2.CreateVpcEndpointResult(
            vpcEndpoint: EC2.VpcEndpoint(endpoint, groupNames: groupNames, at: cloud.clock.now()), clientToken: request.clientToken)
    }

    func describeVpcEndpoints(_ request: EC2.DescribeVpcEndpointsRequest, context: Context) async throws -> EC2.DescribeVpcEndpointsResult {
        let (page, state) = try await describe(
            VpcEndpoint.self, context, dryRun: request.dryRun, ids: request.vpcEndpointIds, filters: request.filters,
            maxResults: request.maxResults.map { min($0, 1000) }, nextToken: request.nextToken, maxResultsRange: 1...1000)
        let now = cloud.clock.now()
        let region = state[context.scope]
        return EC2.DescribeVpcEndpointsResult(
            vpcEndpoints: page.items.map { endpoint in
                let names = endpoint.groupIds.compactMap { id in region.securityGroups[id].map { (id, $0.groupName) } }
                return EC2.VpcEndpoint(endpoint, groupNames: Dictionary(names, uniquingKeysWith: { first, _ in first }), at: now)
            }, nextToken: page.nextToken)
    }

    func modifyVpcEndpoint(_ request: EC2.ModifyVpcEndpointRequest, context: Context) async throws -> EC2.ModifyVpcEndpointResult {
        try Unsupported.refuse(
            [
                "SubnetConfigurations": request.subnetConfigurations.map { _ in "" },
                "DnsOptions.PrivateDnsPreference": request.dnsOptions?.privateDnsPreference,
                "DnsOptions.PrivateDnsSpecifiedDomains": request.dnsOptions?.privateDnsSpecifiedDomains.map { _ in "" },
            ])
        let change = VpcEndpointModification(
            resetPolicy: request.resetPolicy ?? false, policyDocument: request.policyDocument, addRouteTableIds: request.addRouteTableIds ?? [],
            removeRouteTableIds: request.removeRouteTableIds ?? [],
            addSubnets: (request.addSubnetIds ?? []).map { VpcEndpointRequest.SubnetChoice(subnetId: $0) },
            removeSubnetIds: request.removeSubnetIds ?? [], addSecurityGroupIds: request.addSecurityGroupIds ?? [],
            removeSecurityGroupIds: request.removeSecurityGroupIds ?? [], ipAddressType: try VpcEndpoint.IpAddressType(wire: request.ipAddressType),
            dnsRecordIpType: try VpcEndpoint.DnsRecordIpType(wire: request.dnsOptions?.dnsRecordIpType), privateDnsEnabled: request.privateDnsEnabled,
            privateDnsOnlyForInboundResolverEndpoint: request.dnsOptions?.privateDnsOnlyForInboundResolverEndpoint)
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.modifyVpcEndpoint(request.vpcEndpointId, change)
        }
        return EC2.ModifyVpcEndpointResult(return: true)
    }

    func deleteVpcEndpoints(_ request: EC2.DeleteVpcEndpointsRequest, context: Context) async throws -> EC2.DeleteVpcEndpointsResult {
        let unsuccessful = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.deleteVpcEndpoints(request.vpcEndpointIds)
        }
        // AWS answers an empty `Unsuccessful` list when every endpoint was deleted.
        return EC2.DeleteVpcEndpointsResult(unsuccessful: unsuccessful.map(EC2.UnsuccessfulItem.init))
    }
}

extension Transaction {
    /// The names of security groups, for the `Groups` of an endpoint.
    fileprivate func groupNames(_ ids: [String]) -> [String: String] {
        Dictionary(ids.compactMap { id in get(SecurityGroup.self, id).map { (id, $0.groupName) } }, uniquingKeysWith: { first, _ in first })
    }
}

extension VpcEndpointRequest.SubnetChoice {
    /// The subnets of `SubnetIds`, in order, then those only `SubnetConfigurations` name; each with the addresses its
    /// configuration asks for.
    static func from(_ subnetIds: [String], _ configurations: [EC2.SubnetConfiguration]) -> [Self] {
        var choices = subnetIds.map { Self(subnetId: $0) }
        for configuration in configurations {
            guard let subnetId = configuration.subnetId else { continue }
            if let index = choices.firstIndex(where: { $0.subnetId == subnetId }) {
                choices[index].ipv4 = configuration.ipv4
                choices[index].ipv6 = configuration.ipv6
            } else {
                choices.append(Self(subnetId: subnetId, ipv4: configuration.ipv4, ipv6: configuration.ipv6))
            }
        }
        return choices
    }
}

extension VpcEndpoint.IpAddressType {
    /// `IpAddressType` as a request gives it; nil when absent.
    init?(wire text: String?) throws(EC2Error) {
        guard let text else { return nil }
        guard let value = Self(rawValue: text) else {
            throw EC2Error.invalidParameterValue("Value (\(text)) for parameter ipAddressType is invalid. Valid values: ipv4, dualstack, ipv6.")
        }
        self = value
    }
}

extension VpcEndpoint.DnsRecordIpType {
    /// `DnsOptions.DnsRecordIpType` as a request gives it; nil when absent.
    init?(wire text: String?) throws(EC2Error) {
        guard let text else { return nil }
        guard let value = Self(rawValue: text) else {
            throw EC2Error.invalidParameterValue(
                "Value (\(text)) for parameter dnsRecordIpType is invalid. Valid values: ipv4, dualstack, ipv6, service-defined.")
        }
        self = value
    }
}

extension EC2.VpcEndpoint {
    /// The endpoint as AWS shows it at `now`: empty lists rather than none for what its type does not use (clients
    /// such as Ansible read `RouteTableIds` of every endpoint), the DNS entries of its service.
    init(_ endpoint: VpcEndpoint, groupNames: [String: String], at now: Date) {
        self.init()
        vpcEndpointId = endpoint.id
        vpcEndpointType = endpoint.endpointType.rawValue
        vpcId = endpoint.endpointVpcId
        serviceName = endpoint.serviceName
        state = endpoint.state(at: now).rawValue
        policyDocument = endpoint.policyDocument
        routeTableIds = endpoint.routeTableIds
        subnetIds = endpoint.subnetIds
        groups = endpoint.groupIds.map { EC2.SecurityGroupIdentifier(groupId: $0, groupName: groupNames[$0]) }
        ipAddressType = endpoint.ipAddressType.rawValue
        dnsOptions = EC2.DnsOptions(
            dnsRecordIpType: endpoint.dnsRecordIpType.rawValue,
            privateDnsOnlyForInboundResolverEndpoint: endpoint.privateDnsOnlyForInboundResolverEndpoint)
        privateDnsEnabled = endpoint.privateDnsEnabled
        requesterManaged = false
        networkInterfaceIds = endpoint.networkInterfaceIds
        dnsEntries =
            endpoint.service.map { service in
                endpoint.dnsEntries(of: service).map { EC2.DnsEntry(dnsName: $0.dnsName, hostedZoneId: $0.hostedZoneId) }
            } ?? []
        creationTimestamp = endpoint.createdAt
        tags = endpoint.tags.wire ?? []
        ownerId = endpoint.scope.account
        serviceRegion = endpoint.scope.region
    }
}
