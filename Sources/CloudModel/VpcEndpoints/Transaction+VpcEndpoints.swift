/// CreateVpcEndpoint and DeleteVpcEndpoints.
extension Transaction {
    /// Creates a gateway endpoint (a route to the service in each route table) or an interface endpoint (an interface
    /// in each subnet), with AWS's default full-access policy unless the request gives one.
    ///
    /// A repeated `ClientToken` answers the endpoint it made, or `IdempotentParameterMismatch` when the request asks
    /// for something else (any parameter but the tags).
    public mutating func createVpcEndpoint(_ request: VpcEndpointRequest) throws(EC2Error) -> VpcEndpoint {
        if let earlier = try madeEarlier(VpcEndpoint.self, clientToken: request.clientToken, fingerprint: request.fingerprint) { return earlier }
        let vpc = try require(Vpc.self, request.vpcId)
        let service = try endpointService(request.serviceName, type: request.type)
        try checkEndpointQuota(service.type, vpcId: vpc.id)
        let policy = try request.policyDocument.map { text throws(EC2Error) in try endpointPolicy(text, for: service) }
        let (ipAddressType, dnsRecordIpType) = try endpointAddressing(request.ipAddressType, request.dnsRecordIpType, for: service)
        var endpoint = VpcEndpoint(
            id: newId(.vpcEndpoint), scope: scope, vpcId: vpc.id, service: service, policyDocument: policy ?? VpcEndpointPolicy.defaultDocument,
            ipAddressType: ipAddressType, dnsRecordIpType: dnsRecordIpType,
            dnsSuffix: randomCharacters(8, from: "abcdefghijklmnopqrstuvwxyz0123456789"),
            privateHostedZoneId: "Z" + randomCharacters(20, from: "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"), clientToken: request.clientToken,
            tags: request.tags, createdAt: now)
        switch service.type {
        case .gateway:
            if !request.subnets.isEmpty { throw .notForGatewayEndpoints("SubnetIds") }
            if !request.securityGroupIds.isEmpty { throw .notForGatewayEndpoints("SecurityGroupIds") }
            if request.privateDnsEnabled == true { throw .notForGatewayEndpoints("PrivateDnsEnabled") }
            if request.privateDnsOnlyForInboundResolverEndpoint == true { throw .inboundResolverOnlyNotApplicable(service.name) }
            try addEndpointRoutes(to: &endpoint, routeTableIds: request.routeTableIds)
        case .interface:
            guard request.routeTableIds.isEmpty else { throw .routeTablesOnlyForGateways }
            let subnets = try endpointSubnets(request.subnets, vpcId: vpc.id, ipAddressType: ipAddressType)
            endpoint.groupIds = try securityGroupIds(request.securityGroupIds, inVpc: vpc.id).reduce(into: []) { ids, id in
                if !ids.contains(id) { ids.append(id) }
            }
            endpoint.privateDnsEnabled = request.privateDnsEnabled ?? service.privateDnsByDefault
            endpoint.privateDnsOnlyForInboundResolverEndpoint = try inboundResolverOnly(
                request.privateDnsOnlyForInboundResolverEndpoint, privateDns: endpoint.privateDnsEnabled, service: service, vpcId: vpc.id)
            try checkPrivateDns(of: endpoint, service: service, vpc: vpc)
            for (subnet, choice) in subnets { try addEndpointInterface(to: &endpoint, in: subnet, choice: choice) }
        }
        endpoint.requestFingerprint = request.clientToken.map { _ in request.fingerprint }
        put(endpoint)
        return endpoint
    }

    /// Deletes endpoints: their interfaces and routes go at once; each stays visible as `deleting`, then `deleted`,
    /// for a while. Ids that are malformed, unknown or already deleted come back in `Unsuccessful`, as AWS answers.
    public mutating func deleteVpcEndpoints(_ ids: [String]) throws(EC2Error) -> [(resourceId: String, error: EC2Error)] {
        guard !ids.isEmpty else { throw .missingParameter("VpcEndpointId") }
        var unsuccessful: [(resourceId: String, error: EC2Error)] = []
        for id in ids {
            guard ResourceId.isWellFormed(id, prefix: .vpcEndpoint), var endpoint = get(VpcEndpoint.self, id), endpoint.isLive else {
                unsuccessful.append((id, .vpcEndpointNotFound(id)))
                continue
            }
            for subnetId in endpoint.subnetIds { removeEndpointInterface(from: &endpoint, subnetId: subnetId) }
            removeEndpointRoutes(of: &endpoint, routeTableIds: endpoint.routeTableIds)
            endpoint.deletedAt = now
            put(endpoint)
        }
        return unsuccessful
    }

    /// The live endpoints of a VPC.
    func liveEndpoints(inVpc vpcId: String) -> [VpcEndpoint] {
        all(VpcEndpoint.self, inVpc: vpcId).filter(\.isLive)
    }

    /// The service `name` offers in the caller's region with endpoints of `type`.
    func endpointService(_ name: String, type: VpcEndpoint.EndpointType) throws(EC2Error) -> VpcEndpointService {
        let offered = VpcEndpointServiceCatalog.services(named: name, in: scope.region)
        guard !offered.isEmpty else { throw .invalidServiceName(name) }
        guard let service = offered.first(where: { $0.type == type }) else {
            throw .endpointTypeMismatch(type.rawValue, available: offered.map(\.type))
        }
        return service
    }

    /// A client's policy for an endpoint of `service`: valid JSON, and only for services that take policies.
    func endpointPolicy(_ text: String, for service: VpcEndpointService) throws(EC2Error) -> String {
        guard service.endpointPolicySupported else { throw .endpointPolicyNotSupported(service.name) }
        return try VpcEndpointPolicy.validated(text)
    }

    /// The endpoint's `IpAddressType` and `DnsRecordIpType`: IPv4 by default, dualstack only for services that answer
    /// over IPv6, DNS records of the address types the endpoint has (matching the IP address type by default).
    func endpointAddressing(
        _ ipAddressType: VpcEndpoint.IpAddressType?, _ dnsRecordIpType: VpcEndpoint.DnsRecordIpType?, for service: VpcEndpointService
    ) throws(EC2Error) -> (VpcEndpoint.IpAddressType, VpcEndpoint.DnsRecordIpType) {
        let addressType = ipAddressType ?? .ipv4
        switch addressType {
        case .ipv4: break
        case .dualstack: guard service.supportsIpv6 else { throw .ipAddressTypeNotSupported(addressType.rawValue, serviceName: service.name) }
        // An IPv6-only endpoint lives in IPv6-only subnets, where LocalVPC has no interfaces yet.
        case .ipv6: throw .unsupportedEndpointIpv6Only
        }
        let recordType = dnsRecordIpType ?? (addressType == .dualstack ? .dualstack : .ipv4)
        let allowed: Set<VpcEndpoint.DnsRecordIpType> =
            switch addressType {
            case .ipv4: [.ipv4]
            case .dualstack, .ipv6: [.ipv4, .dualstack, .ipv6, .serviceDefined]
            }
        guard allowed.contains(recordType) || (service.type == .gateway && recordType == .serviceDefined) else {
            throw .dnsRecordIpTypeMismatch(recordType.rawValue, ipAddressType: addressType.rawValue)
        }
        return (addressType, recordType)
    }

    /// Private DNS needs the VPC's DNS support and hostnames, a service that has a private name, and no other endpoint
    /// of the VPC answering that name.
    func checkPrivateDns(of endpoint: VpcEndpoint, service: VpcEndpointService, vpc: Vpc) throws(EC2Error) {
        guard endpoint.privateDnsEnabled else { return }
        guard let name = service.privateDnsName else { throw .privateDnsNotOffered(service.name) }
        guard vpc.enableDnsSupport, vpc.enableDnsHostnames else { throw .privateDnsNeedsDnsAttributes(vpc.id) }
        let conflicting = liveEndpoints(inVpc: vpc.id).contains {
            $0.id != endpoint.id && $0.privateDnsEnabled && $0.serviceName == endpoint.serviceName && $0.endpointType == .interface
        }
        if conflicting { throw .conflictingPrivateDns(name, vpcId: vpc.id) }
    }

    /// `PrivateDnsOnlyForInboundResolverEndpoint` of an interface endpoint: it applies only with private DNS on, for
    /// a service that also has gateway endpoints (S3, DynamoDB), where it is on by default and needs a gateway endpoint
    /// of the service in the VPC (the VPC's own traffic keeps using it).
    func inboundResolverOnly(_ requested: Bool?, privateDns: Bool, service: VpcEndpointService, vpcId: String) throws(EC2Error) -> Bool? {
        guard service.hasGatewayEndpoints, privateDns else {
            if requested == true { throw .inboundResolverOnlyNotApplicable(service.name) }
            return nil
        }
        let value = requested ?? true
        if value, !liveEndpoints(inVpc: vpcId).contains(where: { $0.serviceName == service.name && $0.endpointType == .gateway }) {
            throw .inboundResolverOnlyNeedsGateway(vpcId)
        }
        return value
    }

    /// AWS's adjustable quotas: 20 gateway endpoints per region, 50 interface endpoints per VPC.
    private func checkEndpointQuota(_ type: VpcEndpoint.EndpointType, vpcId: String) throws(EC2Error) {
        guard configuration.enforcesAdjustableQuotas else { return }
        switch type {
        case .gateway:
            if all(VpcEndpoint.self).count(where: { $0.isLive && $0.endpointType == .gateway }) >= configuration.quotas.gatewayEndpointsPerRegion {
                throw .gatewayEndpointLimitExceeded
            }
        case .interface:
            if liveEndpoints(inVpc: vpcId).count(where: { $0.endpointType == .interface }) >= configuration.quotas.interfaceEndpointsPerVpc {
                throw .interfaceEndpointLimitExceeded
            }
        }
    }

    /// `count` characters drawn from `alphabet`, as AWS's random name parts are.
    private mutating func randomCharacters(_ count: Int, from alphabet: String) -> String {
        let characters = Array(alphabet)
        return String((0..<count).map { _ in characters[Int(random(in: 0...UInt64(characters.count - 1)))] })
    }
}

extension Transaction {
    /// `VpcEndpointType` as a request gives it (Gateway when absent, as AWS's default). AWS's services have no
    /// Gateway Load Balancer endpoints; resource and service-network endpoints (VPC Lattice) LocalVPC does not model.
    public func endpointType(_ text: String?, serviceName: String) throws(EC2Error) -> VpcEndpoint.EndpointType {
        let text = text ?? VpcEndpoint.EndpointType.gateway.rawValue
        if let type = VpcEndpoint.EndpointType(rawValue: text) { return type }
        switch text {
        case "GatewayLoadBalancer":
            let offered = VpcEndpointServiceCatalog.services(named: serviceName, in: scope.region)
            guard !offered.isEmpty else { throw .invalidServiceName(serviceName) }
            throw .endpointTypeMismatch(text, available: offered.map(\.type))
        case "Resource", "ServiceNetwork":
            throw EC2Error(code: "UnsupportedOperation", message: "The VPC endpoint type \(text) is not supported by LocalVPC yet.")
        default:
            throw .invalidVpcEndpointType(text)
        }
    }
}
