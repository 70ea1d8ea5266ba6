/// How one kind of resource is named in ids and in the errors about them.
public struct ResourceIdKind: Sendable, Hashable {
    public let prefix: ResourceId.Prefix
    /// The word AWS uses in `The <noun> ID '…' does not exist`.
    public let noun: String
    public let notFoundCode: String
    public let malformedCode: String

    public static let vpc = ResourceIdKind(prefix: .vpc, noun: "vpc", notFoundCode: "InvalidVpcID.NotFound", malformedCode: "InvalidVpcID.Malformed")
    public static let subnet = ResourceIdKind(
        prefix: .subnet, noun: "subnet", notFoundCode: "InvalidSubnetID.NotFound", malformedCode: "InvalidSubnetID.Malformed")
    public static let routeTable = ResourceIdKind(
        prefix: .routeTable, noun: "routeTable", notFoundCode: "InvalidRouteTableID.NotFound", malformedCode: "InvalidRouteTableId.Malformed")
    public static let internetGateway = ResourceIdKind(
        prefix: .internetGateway, noun: "internetGateway", notFoundCode: "InvalidInternetGatewayID.NotFound",
        malformedCode: "InvalidInternetGatewayId.Malformed")
    public static let egressOnlyInternetGateway = ResourceIdKind(
        prefix: .egressOnlyInternetGateway, noun: "egressOnlyInternetGateway", notFoundCode: "InvalidEgressOnlyInternetGatewayId.NotFound",
        malformedCode: "InvalidEgressOnlyInternetGatewayId.Malformed")
    public static let dhcpOptions = ResourceIdKind(
        prefix: .dhcpOptions, noun: "dhcpOptions", notFoundCode: "InvalidDhcpOptionID.NotFound", malformedCode: "InvalidDhcpOptionsId.Malformed")
    public static let vpnGateway = ResourceIdKind(
        prefix: .vpnGateway, noun: "vpnGateway", notFoundCode: "InvalidVpnGatewayID.NotFound", malformedCode: "InvalidVpnGatewayId.Malformed")
    public static let customerGateway = ResourceIdKind(
        prefix: .customerGateway, noun: "customerGateway", notFoundCode: "InvalidCustomerGatewayID.NotFound",
        malformedCode: "InvalidCustomerGatewayId.Malformed")
    public static let securityGroup = ResourceIdKind(
        prefix: .securityGroup, noun: "security group", notFoundCode: "InvalidGroup.NotFound", malformedCode: "InvalidGroupId.Malformed")
    public static let networkAcl = ResourceIdKind(
        prefix: .networkAcl, noun: "networkAcl", notFoundCode: "InvalidNetworkAclID.NotFound", malformedCode: "InvalidNetworkAclId.Malformed")

    public static let vpcPeeringConnection = ResourceIdKind(
        prefix: .vpcPeeringConnection, noun: "vpcPeeringConnection", notFoundCode: "InvalidVpcPeeringConnectionID.NotFound",
        malformedCode: "InvalidVpcPeeringConnectionId.Malformed")

    public static let instance = ResourceIdKind(
        prefix: .instance, noun: "instance", notFoundCode: "InvalidInstanceID.NotFound", malformedCode: "InvalidInstanceID.Malformed")
    public static let networkInterface = ResourceIdKind(
        prefix: .networkInterface, noun: "networkInterface", notFoundCode: "InvalidNetworkInterfaceID.NotFound",
        malformedCode: "InvalidNetworkInterfaceId.Malformed")
    public static let address = ResourceIdKind(
        prefix: .elasticIpAllocation, noun: "allocation", notFoundCode: "InvalidAllocationID.NotFound",
        malformedCode: "InvalidAllocationID.Malformed")

    public static let networkInsightsPath = ResourceIdKind(
        prefix: .networkInsightsPath, noun: "networkInsightsPath", notFoundCode: "InvalidNetworkInsightsPathId.NotFound",
        malformedCode: "InvalidNetworkInsightsPathId.Malformed")
    public static let networkInsightsAnalysis = ResourceIdKind(
        prefix: .networkInsightsAnalysis, noun: "networkInsightsAnalysis", notFoundCode: "InvalidNetworkInsightsAnalysisId.NotFound",
        malformedCode: "InvalidNetworkInsightsAnalysisId.Malformed")

    public static let natGateway = ResourceIdKind(
        prefix: .natGateway, noun: "NAT gateway", notFoundCode: "NatGatewayNotFound", malformedCode: "NatGatewayMalformed")

    public static let volume = ResourceIdKind(
        prefix: .volume, noun: "volume", notFoundCode: "InvalidVolume.NotFound", malformedCode: "InvalidVolumeID.Malformed")

    public static let launchTemplate = ResourceIdKind(
        prefix: .launchTemplate, noun: "launch template", notFoundCode: "InvalidLaunchTemplateId.NotFound",
        malformedCode: "InvalidLaunchTemplateId.Malformed")

    /// `InvalidKeyPair.NotFound` for ids and names alike (`The key pair ID 'key-…' does not exist`).
    public static let keyPair = ResourceIdKind(
        prefix: .keyPair, noun: "key pair", notFoundCode: "InvalidKeyPair.NotFound", malformedCode: "InvalidKeyPair.Malformed")

    public static let flowLog = ResourceIdKind(
        prefix: .flowLog, noun: "flow log", notFoundCode: "InvalidFlowLogId.NotFound", malformedCode: "InvalidFlowLogId.Malformed")

    /// `InvalidPrefixListID.NotFound` ("The prefix list ID 'pl-…' does not exist", as CloudFormation relays it); the
    /// malformed code follows the house pattern and is a guess.
    public static let prefixList = ResourceIdKind(
        prefix: .prefixList, noun: "prefix list", notFoundCode: "InvalidPrefixListID.NotFound", malformedCode: "InvalidPrefixListId.Malformed")

    /// The noun is a guess in AWS's camelCase style ("The vpcEndpoint ID 'vpce-…' does not exist").
    public static let vpcEndpoint = ResourceIdKind(
        prefix: .vpcEndpoint, noun: "vpcEndpoint", notFoundCode: "InvalidVpcEndpointId.NotFound", malformedCode: "InvalidVpcEndpointId.Malformed")

    public static let transitGateway = ResourceIdKind(
        prefix: .transitGateway, noun: "transitGateway", notFoundCode: "InvalidTransitGatewayID.NotFound",
        malformedCode: "InvalidTransitGatewayID.Malformed")

    public static let transitGatewayAttachment = ResourceIdKind(
        prefix: .transitGatewayAttachment, noun: "transitGatewayAttachment", notFoundCode: "InvalidTransitGatewayAttachmentID.NotFound",
        malformedCode: "InvalidTransitGatewayAttachmentID.Malformed")

    /// AWS answers an unknown transit gateway route table with the VPC route tables' code.
    public static let transitGatewayRouteTable = ResourceIdKind(
        prefix: .transitGatewayRouteTable, noun: "transitGatewayRouteTable", notFoundCode: "InvalidRouteTableID.NotFound",
        malformedCode: "InvalidRouteTableId.Malformed")

    /// Every kind that `CreateTags` and `DescribeTags` know, by id prefix.
    public static let all: [ResourceIdKind] = [
        .vpc, .subnet, .routeTable, .internetGateway, .securityGroup, .networkAcl, .vpcPeeringConnection, .instance, .networkInterface, .address,
        .networkInsightsPath, .networkInsightsAnalysis, .natGateway, .volume, .launchTemplate, .egressOnlyInternetGateway, .dhcpOptions,
        .vpnGateway, .customerGateway, .keyPair, .flowLog, .prefixList, .vpcEndpoint, .transitGateway, .transitGatewayAttachment,
        .transitGatewayRouteTable, .securityGroupRule,
    ]

    public func notFound(_ ids: [String]) -> EC2Error {
        .notFound(notFoundCode, noun: noun, ids: ids)
    }

    public func malformed(_ id: String) -> EC2Error {
        EC2Error(code: malformedCode, message: "Invalid id: \"\(id)\" (expecting \"\(prefix.rawValue)-...\")")
    }

    /// Refuses `id` unless it is well-formed for this kind.
    public func validate(_ id: String) throws(EC2Error) {
        guard ResourceId.isWellFormed(id, prefix: prefix) else { throw malformed(id) }
    }
}

/// A tagged resource whose ids and errors follow one `ResourceIdKind`.
public protocol IdentifiedResource: TaggedResource {
    static var idKind: ResourceIdKind { get }
}

extension Vpc: IdentifiedResource { public static let idKind = ResourceIdKind.vpc }
extension Subnet: IdentifiedResource { public static let idKind = ResourceIdKind.subnet }
extension RouteTable: IdentifiedResource { public static let idKind = ResourceIdKind.routeTable }
extension InternetGateway: IdentifiedResource { public static let idKind = ResourceIdKind.internetGateway }
extension EgressOnlyInternetGateway: IdentifiedResource { public static let idKind = ResourceIdKind.egressOnlyInternetGateway }
extension DhcpOptions: IdentifiedResource { public static let idKind = ResourceIdKind.dhcpOptions }
extension VpnGateway: IdentifiedResource { public static let idKind = ResourceIdKind.vpnGateway }
extension CustomerGateway: IdentifiedResource { public static let idKind = ResourceIdKind.customerGateway }
extension SecurityGroup: IdentifiedResource { public static let idKind = ResourceIdKind.securityGroup }
extension NetworkAcl: IdentifiedResource { public static let idKind = ResourceIdKind.networkAcl }

extension Transaction {
    /// The resource with `id` in the caller's region, or the AWS error for a malformed or unknown id.
    public func require<R: IdentifiedResource>(_ type: R.Type, _ id: String) throws(EC2Error) -> R {
        try R.idKind.validate(id)
        guard let value = get(type, id) else { throw R.idKind.notFound([id]) }
        return value
    }
}
