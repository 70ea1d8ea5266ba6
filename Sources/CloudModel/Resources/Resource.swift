public import Addressing

/// Any stored resource, as one value: the unit of the durable journal.
public enum Resource: Sendable, Hashable {
    case accountRegion(AccountRegionRecord)
    case vpc(Vpc)
    case subnet(Subnet)
    case routeTable(RouteTable)
    case internetGateway(InternetGateway)
    case egressOnlyInternetGateway(EgressOnlyInternetGateway)
    case dhcpOptions(DhcpOptions)
    case vpnGateway(VpnGateway)
    case customerGateway(CustomerGateway)
    case securityGroup(SecurityGroup)
    case networkAcl(NetworkAcl)
    case vpcPeeringConnection(VpcPeeringConnection)
    case instance(Instance)
    case networkInterface(NetworkInterface)
    case address(Address)
    case networkInsightsPath(NetworkInsightsPath)
    case networkInsightsAnalysis(NetworkInsightsAnalysis)
    case natGateway(NatGateway)
    case volume(Volume)
    case launchTemplate(LaunchTemplate)
    case keyPair(KeyPair)
    case flowLog(FlowLog)
    case managedPrefixList(ManagedPrefixList)
    case vpcEndpoint(VpcEndpoint)
    case transitGateway(TransitGateway)
    case transitGatewayAttachment(TransitGatewayAttachment)
    case transitGatewayRouteTable(TransitGatewayRouteTable)
    case transitGatewayPeeringAttachment(TransitGatewayPeeringAttachment)

    /// The public addresses this resource holds, for the cloud-wide index of addresses in use.
    public var publicIps: [IPv4Address] {
        switch self {
        case .networkInterface(let value): value.autoPublicIp.map { [$0] } ?? []
        case .address(let value): [value.publicIp]
        default: []
        }
    }

    /// The wrapped resource as its protocol, for what every kind has in common.
    public var base: any CloudResource {
        switch self {
        case .accountRegion(let value): value
        case .vpc(let value): value
        case .subnet(let value): value
        case .routeTable(let value): value
        case .internetGateway(let value): value
        case .egressOnlyInternetGateway(let value): value
        case .dhcpOptions(let value): value
        case .vpnGateway(let value): value
        case .customerGateway(let value): value
        case .securityGroup(let value): value
        case .networkAcl(let value): value
        case .vpcPeeringConnection(let value): value
        case .instance(let value): value
        case .networkInterface(let value): value
        case .address(let value): value
        case .networkInsightsPath(let value): value
        case .networkInsightsAnalysis(let value): value
        case .natGateway(let value): value
        case .volume(let value): value
        case .launchTemplate(let value): value
        case .keyPair(let value): value
        case .flowLog(let value): value
        case .managedPrefixList(let value): value
        case .vpcEndpoint(let value): value
        case .transitGateway(let value): value
        case .transitGatewayAttachment(let value): value
        case .transitGatewayRouteTable(let value): value
        case .transitGatewayPeeringAttachment(let value): value
        }
    }

    public var id: String { base.id }
    public var scope: AccountRegion { base.scope }
    public var kind: String { Self.kind(of: self) }

    fileprivate static func kind(of resource: Resource) -> String {
        switch resource {
        case .accountRegion: "account-region"
        case .vpc: "vpc"
        case .subnet: "subnet"
        case .routeTable: "route-table"
        case .internetGateway: "internet-gateway"
        case .egressOnlyInternetGateway: "egress-only-internet-gateway"
        case .dhcpOptions: "dhcp-options"
        case .vpnGateway: "vpn-gateway"
        case .customerGateway: "customer-gateway"
        case .securityGroup: "security-group"
        case .networkAcl: "network-acl"
        case .vpcPeeringConnection: "vpc-peering-connection"
        case .instance: "instance"
        case .networkInterface: "network-interface"
        case .address: "elastic-ip"
        case .networkInsightsPath: "network-insights-path"
        case .networkInsightsAnalysis: "network-insights-analysis"
        case .natGateway: "nat-gateway"
        case .volume: "volume"
        case .launchTemplate: "launch-template"
        case .keyPair: "key-pair"
        case .flowLog: "flow-log"
        case .managedPrefixList: "prefix-list"
        case .vpcEndpoint: "vpc-endpoint"
        case .transitGateway: "transit-gateway"
        case .transitGatewayAttachment: "transit-gateway-attachment"
        case .transitGatewayRouteTable: "transit-gateway-route-table"
        case .transitGatewayPeeringAttachment: "transit-gateway-peering-attachment"
        }
    }
}

/// `{"kind": "vpc", "value": {…}}`: a stable, readable journal format that survives new cases being added.
extension Resource: Codable {
    private enum CodingKeys: String, CodingKey { case kind, value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "account-region": self = .accountRegion(try container.decode(AccountRegionRecord.self, forKey: .value))
        case "vpc": self = .vpc(try container.decode(Vpc.self, forKey: .value))
        case "subnet": self = .subnet(try container.decode(Subnet.self, forKey: .value))
        case "route-table": self = .routeTable(try container.decode(RouteTable.self, forKey: .value))
        case "internet-gateway": self = .internetGateway(try container.decode(InternetGateway.self, forKey: .value))
        case "dhcp-options": self = .dhcpOptions(try container.decode(DhcpOptions.self, forKey: .value))
        case "vpn-gateway": self = .vpnGateway(try container.decode(VpnGateway.self, forKey: .value))
        case "customer-gateway": self = .customerGateway(try container.decode(CustomerGateway.self, forKey: .value))
        case "egress-only-internet-gateway":
            self = .egressOnlyInternetGateway(try container.decode(EgressOnlyInternetGateway.self, forKey: .value))
        case "security-group": self = .securityGroup(try container.decode(SecurityGroup.self, forKey: .value))
        case "network-acl": self = .networkAcl(try container.decode(NetworkAcl.self, forKey: .value))
        case "vpc-peering-connection": self = .vpcPeeringConnection(try container.decode(VpcPeeringConnection.self, forKey: .value))
        case "instance": self = .instance(try container.decode(Instance.self, forKey: .value))
        case "network-interface": self = .networkInterface(try container.decode(NetworkInterface.self, forKey: .value))
        case "elastic-ip": self = .address(try container.decode(Address.self, forKey: .value))
        case "network-insights-path": self = .networkInsightsPath(try container.decode(NetworkInsightsPath.self, forKey: .value))
        case "network-insights-analysis": self = .networkInsightsAnalysis(try container.decode(NetworkInsightsAnalysis.self, forKey: .value))
        case "nat-gateway": self = .natGateway(try container.decode(NatGateway.self, forKey: .value))
        case "volume": self = .volume(try container.decode(Volume.self, forKey: .value))
        case "launch-template": self = .launchTemplate(try container.decode(LaunchTemplate.self, forKey: .value))
        case "key-pair": self = .keyPair(try container.decode(KeyPair.self, forKey: .value))
        case "flow-log": self = .flowLog(try container.decode(FlowLog.self, forKey: .value))
        case "prefix-list": self = .managedPrefixList(try container.decode(ManagedPrefixList.self, forKey: .value))
        case "vpc-endpoint": self = .vpcEndpoint(try container.decode(VpcEndpoint.self, forKey: .value))
        case "transit-gateway": self = .transitGateway(try container.decode(TransitGateway.self, forKey: .value))
        case "transit-gateway-attachment":
            self = .transitGatewayAttachment(try container.decode(TransitGatewayAttachment.self, forKey: .value))
        case "transit-gateway-route-table":
            self = .transitGatewayRouteTable(try container.decode(TransitGatewayRouteTable.self, forKey: .value))
        case "transit-gateway-peering-attachment":
            self = .transitGatewayPeeringAttachment(try container.decode(TransitGatewayPeeringAttachment.self, forKey: .value))
        default:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "unknown resource kind \(kind)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(base, forKey: .value)
    }
}
