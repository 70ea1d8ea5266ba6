public import Addressing
public import Foundation

/// A subnet: one IPv4 block inside its VPC, in one availability zone.
public struct Subnet: TaggedResource {
    public static var table: WritableKeyPath<RegionState, [String: Subnet]> { \.subnets }
    public static let resourceType = "subnet"
    public var resource: Resource { .subnet(self) }
    public static func unwrap(_ resource: Resource) -> Self? {
        if case .subnet(let value) = resource { value } else { nil }
    }

    public let id: String
    public let scope: AccountRegion
    public let subnetVpcId: String
    public let cidrBlock: IPv4CIDR
    public var ipv6CidrBlockAssociations: [SubnetIpv6CidrBlockAssociation] = []
    public let availabilityZone: String
    public let availabilityZoneId: String
    public var mapPublicIpOnLaunch = false
    public var assignIpv6AddressOnCreation = false
    public var defaultForAz: Bool
    public var tags: TagSet
    public var createdAt: Date

    public var vpcId: String? { subnetVpcId }

    public init(
        id: String,
        scope: AccountRegion,
        vpcId: String,
        cidrBlock: IPv4CIDR,
        zone: RegionCatalog.AvailabilityZone,
        defaultForAz: Bool = false,
        tags: TagSet = [:],
        createdAt: Date
    ) {
        self.id = id
        self.scope = scope
        self.subnetVpcId = vpcId
        self.cidrBlock = cidrBlock
        self.availabilityZone = zone.name
        self.availabilityZoneId = zone.zoneId
        self.defaultForAz = defaultForAz
        self.tags = tags
        self.createdAt = createdAt
    }
}

/// One IPv6 /64 of a subnet, carved from its VPC's /56.
public struct SubnetIpv6CidrBlockAssociation: Sendable, Hashable, Codable {
    public let associationId: String
    public let ipv6CidrBlock: IPv6CIDR

    public init(associationId: String, ipv6CidrBlock: IPv6CIDR) {
        self.associationId = associationId
        self.ipv6CidrBlock = ipv6CidrBlock
    }
}
