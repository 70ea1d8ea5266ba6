/// What CreateVpcEndpoint asks for, read off the wire once by the handler.
public struct VpcEndpointRequest: Sendable {
    public var vpcId: String
    public var serviceName: String
    public var type: VpcEndpoint.EndpointType
    public var policyDocument: String?
    public var routeTableIds: [String]
    public var subnets: [SubnetChoice]
    public var securityGroupIds: [String]
    public var ipAddressType: VpcEndpoint.IpAddressType?
    public var dnsRecordIpType: VpcEndpoint.DnsRecordIpType?
    public var privateDnsEnabled: Bool?
    public var privateDnsOnlyForInboundResolverEndpoint: Bool?
    public var clientToken: String?
    public var tags: TagSet

    public init(
        vpcId: String, serviceName: String, type: VpcEndpoint.EndpointType = .gateway, policyDocument: String? = nil, routeTableIds: [String] = [],
        subnets: [SubnetChoice] = [], securityGroupIds: [String] = [], ipAddressType: VpcEndpoint.IpAddressType? = nil,
        dnsRecordIpType: VpcEndpoint.DnsRecordIpType? = nil, privateDnsEnabled: Bool? = nil, privateDnsOnlyForInboundResolverEndpoint: Bool? = nil,
        clientToken: String? = nil, tags: TagSet = [:]
    ) {
        self.vpcId = vpcId
        self.serviceName = serviceName
        self.type = type
        self.policyDocument = policyDocument
        self.routeTableIds = routeTableIds
        self.subnets = subnets
        self.securityGroupIds = securityGroupIds
        self.ipAddressType = ipAddressType
        self.dnsRecordIpType = dnsRecordIpType
        self.privateDnsEnabled = privateDnsEnabled
        self.privateDnsOnlyForInboundResolverEndpoint = privateDnsOnlyForInboundResolverEndpoint
        self.clientToken = clientToken
        self.tags = tags
    }

    /// What two requests with one `ClientToken` must agree on (tags aside, as for the other creates).
    var fingerprint: String {
        IdempotentRequest.fingerprint(
            [
                vpcId, serviceName, type.rawValue, policyDocument, routeTableIds.joined(separator: ","),
                subnets.map { [$0.subnetId, $0.ipv4 ?? "", $0.ipv6 ?? ""].joined(separator: "/") }.joined(separator: ","),
                securityGroupIds.joined(separator: ","), ipAddressType?.rawValue, dnsRecordIpType?.rawValue,
                privateDnsEnabled.map { String($0) }, privateDnsOnlyForInboundResolverEndpoint.map { String($0) },
            ])
    }

    /// A subnet for an interface endpoint's interface, and the addresses asked for there (`SubnetConfigurations`).
    public struct SubnetChoice: Sendable, Hashable {
        public var subnetId: String
        public var ipv4: String?
        public var ipv6: String?

        public init(subnetId: String, ipv4: String? = nil, ipv6: String? = nil) {
            self.subnetId = subnetId
            self.ipv4 = ipv4
            self.ipv6 = ipv6
        }
    }
}

/// What ModifyVpcEndpoint changes; whatever is nil or empty stays as it is.
public struct VpcEndpointModification: Sendable {
    public var resetPolicy: Bool
    public var policyDocument: String?
    public var addRouteTableIds: [String]
    public var removeRouteTableIds: [String]
    public var addSubnets: [VpcEndpointRequest.SubnetChoice]
    public var removeSubnetIds: [String]
    public var addSecurityGroupIds: [String]
    public var removeSecurityGroupIds: [String]
    public var ipAddressType: VpcEndpoint.IpAddressType?
    public var dnsRecordIpType: VpcEndpoint.DnsRecordIpType?
    public var privateDnsEnabled: Bool?
    public var privateDnsOnlyForInboundResolverEndpoint: Bool?

    public init(
        resetPolicy: Bool = false, policyDocument: String? = nil, addRouteTableIds: [String] = [], removeRouteTableIds: [String] = [],
        addSubnets: [VpcEndpointRequest.SubnetChoice] = [], removeSubnetIds: [String] = [], addSecurityGroupIds: [String] = [],
        removeSecurityGroupIds: [String] = [], ipAddressType: VpcEndpoint.IpAddressType? = nil, dnsRecordIpType: VpcEndpoint.DnsRecordIpType? = nil,
        privateDnsEnabled: Bool? = nil, privateDnsOnlyForInboundResolverEndpoint: Bool? = nil
    ) {
        self.resetPolicy = resetPolicy
        self.policyDocument = policyDocument
        self.addRouteTableIds = addRouteTableIds
        self.removeRouteTableIds = removeRouteTableIds
        self.addSubnets = addSubnets
        self.removeSubnetIds = removeSubnetIds
        self.addSecurityGroupIds = addSecurityGroupIds
        self.removeSecurityGroupIds = removeSecurityGroupIds
        self.ipAddressType = ipAddressType
        self.dnsRecordIpType = dnsRecordIpType
        self.privateDnsEnabled = privateDnsEnabled
        self.privateDnsOnlyForInboundResolverEndpoint = privateDnsOnlyForInboundResolverEndpoint
    }
}
