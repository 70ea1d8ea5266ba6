import CloudModel
import EC2Protocol

/// DescribeVpcEndpointServices: the AWS services of the caller's region that VPC endpoints reach.
extension EC2Handlers {
    func describeVpcEndpointServices(_ request: EC2.DescribeVpcEndpointServicesRequest, context: Context) async throws
        -> EC2.DescribeVpcEndpointServicesResult
    {
        // Other regions' services are for cross-region interface endpoints, which LocalVPC does not model yet.
        try Unsupported.refuse(["ServiceRegions": request.serviceRegions?.first { $0 != context.scope.region }])
        let state = try await snapshot(context, dryRun: request.dryRun)
        let query = DescribeQuery(
            filters: try Filter.from(request.filters), maxResults: request.maxResults.map { min($0, 1000) }, nextToken: request.nextToken,
            maxResultsRange: 1...1000)
        let page = try state.describeVpcEndpointServices(in: context.scope.region, serviceNames: request.serviceNames ?? [], query: query)
        // A name with both gateway and interface endpoints (S3, DynamoDB) is listed once in `ServiceNames`.
        var names: [String] = []
        for service in page.items where names.last != service.name { names.append(service.name) }
        return EC2.DescribeVpcEndpointServicesResult(
            serviceNames: names, serviceDetails: page.items.map(EC2.ServiceDetail.init), nextToken: page.nextToken)
    }
}

extension EC2.ServiceDetail {
    init(_ service: VpcEndpointService) {
        self.init()
        serviceName = service.name
        serviceId = service.serviceId
        serviceType = [EC2.ServiceTypeDetail(serviceType: service.type.rawValue)]
        serviceRegion = service.region
        availabilityZoneIds = service.availabilityZones.map(\.zoneId)
        availabilityZones = service.availabilityZones.map(\.name)
        owner = "amazon"
        baseEndpointDnsNames = [service.baseEndpointDnsName]
        privateDnsName = service.privateDnsName
        privateDnsNames = service.privateDnsName.map { [EC2.PrivateDnsDetails(privateDnsName: $0)] }
        privateDnsNameVerificationState = service.privateDnsName == nil ? nil : "verified"
        vpcEndpointPolicySupported = service.endpointPolicySupported
        acceptanceRequired = false
        managesVpcEndpoints = false
        tags = []
        supportedIpAddressTypes = service.supportedIpAddressTypes
    }
}
