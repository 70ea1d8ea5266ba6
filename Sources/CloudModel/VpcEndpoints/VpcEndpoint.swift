public import Foundation

/// A VPC endpoint (`vpce-…`): a private way from a VPC to an AWS service.
///
/// A gateway endpoint (S3, DynamoDB) is a route in each of its route tables, whose destination is the service's
/// AWS-managed prefix list and whose target is the endpoint. An interface endpoint is one requester-managed network
/// interface per subnet (one subnet per availability zone), reached at its private addresses like any interface of
/// the VPC, and DNS names that resolve to them.
public struct VpcEndpoint: IdentifiedResource, IdempotentlyCreated {
    public static var table: WritableKeyPath<RegionState, PersistentDictionary<String, VpcEndpoint>> { \.vpcEndpoints }
    public static let resourceType = "vpc-endpoint"
    public static let idKind = ResourceIdKind.vpcEndpoint
    public var resource: Resource { .vpcEndpoint(self) }
    public static func unwrap(_ resource: Resource) -> Self? {
        if case .vpcEndpoint(let value) = resource { value } else { nil }
    }

    public let id: String
    public let scope: AccountRegion
    public let endpointVpcId: String
    /// `com.amazonaws.REGION.SERVICE`.
    public let serviceName: String
    public let endpointType: EndpointType
    /// The endpoint policy, as the client gave it (AWS keeps the text), or AWS's default full-access policy.
    public internal(set) var policyDocument: String
    /// (Gateway) The route tables holding a route to the service's prefix list through this endpoint.
    public internal(set) var routeTableIds: [String]
    /// (Interface) One network interface per subnet, in the order the subnets were given.
    public internal(set) var subnetInterfaces: [SubnetInterface]
    /// (Interface) The security groups of the endpoint's interfaces.
    public internal(set) var groupIds: [String]
    public internal(set) var ipAddressType: IpAddressType
    public internal(set) var dnsRecordIpType: DnsRecordIpType
    public internal(set) var privateDnsEnabled: Bool
    /// (Interface, S3 and DynamoDB) Whether the private DNS names answer only resolvers outside the VPC, so that the
    /// VPC's own traffic keeps using the gateway endpoint; nil where it does not apply.
    public internal(set) var privateDnsOnlyForInboundResolverEndpoint: Bool?
    /// The eight characters AWS puts after the id in the endpoint's DNS names (`vpce-…-1a2b3c4d.ec2.…`).
    public let dnsSuffix: String
    /// The id of the private hosted zone that holds the service's name when private DNS is on.
    public let privateHostedZoneId: String
    public let clientToken: String?
    public var requestFingerprint: String?
    public var tags: TagSet
    public let createdAt: Date
    /// When DeleteVpcEndpoints was called.
    public internal(set) var deletedAt: Date?

    public var vpcId: String? { endpointVpcId }

    /// The subnets of an interface endpoint.
    public var subnetIds: [String] { subnetInterfaces.map(\.subnetId) }
    /// The network interfaces of an interface endpoint.
    public var networkInterfaceIds: [String] { subnetInterfaces.map(\.networkInterfaceId) }
    /// Whether the endpoint is still there: not deleted (it may still be shown for a while as `deleted`).
    public var isLive: Bool { deletedAt == nil }

    public init(
        id: String, scope: AccountRegion, vpcId: String, service: VpcEndpointService, policyDocument: String, ipAddressType: IpAddressType,
        dnsRecordIpType: DnsRecordIpType, dnsSuffix: String, privateHostedZoneId: String, clientToken: String?, tags: TagSet, createdAt: Date
    ) {
        self.id = id
        self.scope = scope
        self.endpointVpcId = vpcId
        self.serviceName = service.name
        self.endpointType = service.type
        self.policyDocument = policyDocument
        self.routeTableIds = []
        self.subnetInterfaces = []
        self.groupIds = []
        self.ipAddressType = ipAddressType
        self.dnsRecordIpType = dnsRecordIpType
        self.privateDnsEnabled = false
        self.dnsSuffix = dnsSuffix
        self.privateHostedZoneId = privateHostedZoneId
        self.clientToken = clientToken
        self.tags = tags
        self.createdAt = createdAt
    }

    /// `VpcEndpointType` as AWS spells it. LocalVPC serves AWS services only, so no Gateway Load Balancer, resource
    /// or service-network endpoints.
    public enum EndpointType: String, Sendable, Hashable, Codable, CaseIterable {
        case gateway = "Gateway"
        case interface = "Interface"
    }

    /// `IpAddressType`: which addresses the endpoint's interfaces (or a gateway endpoint's prefix list) carry.
    public enum IpAddressType: String, Sendable, Hashable, Codable, CaseIterable {
        case ipv4, dualstack, ipv6
    }

    /// `DnsOptions.DnsRecordIpType`: which records the endpoint's DNS names have.
    public enum DnsRecordIpType: String, Sendable, Hashable, Codable, CaseIterable {
        case ipv4, dualstack, ipv6
        case serviceDefined = "service-defined"
    }

    /// The states AWS reports (`State`). LocalVPC's endpoints never wait for acceptance, never fail and never expire.
    public enum State: String, Sendable, Hashable, Codable {
        case pending, available, deleting, deleted
    }

    /// An interface endpoint's interface in one subnet.
    public typealias SubnetInterface = ServiceSubnetInterface
}
