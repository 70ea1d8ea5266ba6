public import Addressing
public import Foundation

/// A subnet: an IPv4 block, an IPv6 /64, or both, inside its VPC, in one availability zone.
public struct Subnet: TaggedResource {
    public static var table: WritableKeyPath<RegionState, PersistentDictionary<String, Subnet>> { \.subnets }
    public static let resourceType = "subnet"
    public var resource: Resource { .subnet(self) }
    public static func unwrap(_ resource: Resource) -> Self? {
        if case .subnet(let value) = resource { value } else { nil }
    }

    public let id: String
    public let scope: AccountRegion
    public let subnetVpcId: String
    /// The IPv4 block; `nil` only in an IPv6-only (`Ipv6Native`) subnet.
    public let cidrBlock: IPv4CIDR?
    public var ipv6CidrBlockAssociations: [SubnetIpv6CidrBlockAssociation] = []
    /// Whether the subnet is IPv6-only: no IPv4 block, addresses from its /64 alone.
    public var ipv6Native = false
    /// Whether the VPC resolver answers synthesized AAAA records (64:ff9b::/96) for IPv4-only names.
    public var enableDns64 = false
    public var privateDnsNameOptionsOnLaunch = PrivateDnsNameOptions()
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
        cidrBlock: IPv4CIDR?,
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

/// How instances launched in a subnet are named in DNS (`PrivateDnsNameOptionsOnLaunch`).
public struct PrivateDnsNameOptions: Sendable, Hashable, Codable {
    /// The forms of host name AWS gives: from the IPv4 address, or from the instance id.
    public enum HostnameType: String, Sendable, Hashable, Codable, CaseIterable {
        case ipName = "ip-name"
        case resourceName = "resource-name"
    }

    public var hostnameType = HostnameType.ipName
    public var enableResourceNameDnsARecord = false
    public var enableResourceNameDnsAAAARecord = false

    public init() {}
}

extension Subnet {
    private enum CodingKeys: String, CodingKey {
        case id, scope, subnetVpcId, cidrBlock, ipv6CidrBlockAssociations, ipv6Native, enableDns64, privateDnsNameOptionsOnLaunch
        case availabilityZone, availabilityZoneId, mapPublicIpOnLaunch, assignIpv6AddressOnCreation, defaultForAz, tags, createdAt
    }

    /// Reads a subnet, including one stored before the IPv6-only and DNS options existed (they take AWS's defaults).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        scope = try container.decode(AccountRegion.self, forKey: .scope)
        subnetVpcId = try container.decode(String.self, forKey: .subnetVpcId)
        cidrBlock = try container.decodeIfPresent(IPv4CIDR.self, forKey: .cidrBlock)
        ipv6CidrBlockAssociations = try container.decode([SubnetIpv6CidrBlockAssociation].self, forKey: .ipv6CidrBlockAssociations)
        ipv6Native = try container.decodeIfPresent(Bool.self, forKey: .ipv6Native) ?? false
        enableDns64 = try container.decodeIfPresent(Bool.self, forKey: .enableDns64) ?? false
        privateDnsNameOptionsOnLaunch =
            try container.decodeIfPresent(PrivateDnsNameOptions.self, forKey: .privateDnsNameOptionsOnLaunch) ?? PrivateDnsNameOptions()
        availabilityZone = try container.decode(String.self, forKey: .availabilityZone)
        availabilityZoneId = try container.decode(String.self, forKey: .availabilityZoneId)
        mapPublicIpOnLaunch = try container.decode(Bool.self, forKey: .mapPublicIpOnLaunch)
        assignIpv6AddressOnCreation = try container.decode(Bool.self, forKey: .assignIpv6AddressOnCreation)
        defaultForAz = try container.decode(Bool.self, forKey: .defaultForAz)
        tags = try container.decode(TagSet.self, forKey: .tags)
        createdAt = try container.decode(Date.self, forKey: .createdAt)
    }
}
