public import Addressing
public import Foundation

/// A VPC: its IPv4 blocks (the first is primary), IPv6 blocks, DNS attributes and tags.
public struct Vpc: TaggedResource {
    public static var table: WritableKeyPath<RegionState, PersistentDictionary<String, Vpc>> { \.vpcs }
    public static let resourceType = "vpc"
    public var resource: Resource { .vpc(self) }
    public static func unwrap(_ resource: Resource) -> Self? {
        if case .vpc(let value) = resource { value } else { nil }
    }

    public let id: String
    public let scope: AccountRegion
    public var cidrBlockAssociations: [VpcCidrBlockAssociation]
    public var ipv6CidrBlockAssociations: [VpcIpv6CidrBlockAssociation] = []
    public var instanceTenancy: String
    public var isDefault: Bool
    public var enableDnsSupport = true
    public var enableDnsHostnames = false
    public var enableNetworkAddressUsageMetrics = false
    public var dhcpOptionsId: String
    public var tags: TagSet
    public var createdAt: Date

    public var vpcId: String? { id }

    /// The primary IPv4 block: the one the VPC was created with.
    public var cidrBlock: IPv4CIDR { cidrBlockAssociations[0].cidrBlock }
    /// Every IPv4 block of the VPC, primary first.
    public var ipv4Blocks: [IPv4CIDR] { cidrBlockAssociations.map(\.cidrBlock) }
    /// Every IPv6 block of the VPC.
    public var ipv6Blocks: [IPv6CIDR] { ipv6CidrBlockAssociations.map(\.ipv6CidrBlock) }

    public init(
        id: String,
        scope: AccountRegion,
        cidrBlockAssociations: [VpcCidrBlockAssociation],
        instanceTenancy: String = "default",
        isDefault: Bool = false,
        dhcpOptionsId: String,
        tags: TagSet = [:],
        createdAt: Date
    ) {
        self.id = id
        self.scope = scope
        self.cidrBlockAssociations = cidrBlockAssociations
        self.instanceTenancy = instanceTenancy
        self.isDefault = isDefault
        self.dhcpOptionsId = dhcpOptionsId
        self.tags = tags
        self.createdAt = createdAt
    }
}

/// One IPv4 block of a VPC and the association id AWS gives it (`vpc-cidr-assoc-…`).
public struct VpcCidrBlockAssociation: Sendable, Hashable, Codable {
    public let associationId: String
    public let cidrBlock: IPv4CIDR

    public init(associationId: String, cidrBlock: IPv4CIDR) {
        self.associationId = associationId
        self.cidrBlock = cidrBlock
    }
}

/// One IPv6 block of a VPC: an Amazon-provided /56 (from the documentation range, see `Ipv6Pool`).
public struct VpcIpv6CidrBlockAssociation: Sendable, Hashable, Codable {
    public let associationId: String
    public let ipv6CidrBlock: IPv6CIDR
    public let networkBorderGroup: String

    public init(associationId: String, ipv6CidrBlock: IPv6CIDR, networkBorderGroup: String) {
        self.associationId = associationId
        self.ipv6CidrBlock = ipv6CidrBlock
        self.networkBorderGroup = networkBorderGroup
    }
}
