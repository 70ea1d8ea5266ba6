public import Foundation

/// A DHCP options set (`dopt-…`): what instances in the VPCs associated with it learn by DHCP.
///
/// Immutable once made, as in AWS: a VPC changes options by being associated with another set (or `default`,
/// none at all). Each region has a default set, made with the account's first use of the region.
public struct DhcpOptions: TaggedResource {
    public static var table: WritableKeyPath<RegionState, PersistentDictionary<String, DhcpOptions>> { \.dhcpOptions }
    public static let resourceType = "dhcp-options"
    public var resource: Resource { .dhcpOptions(self) }
    public static func unwrap(_ resource: Resource) -> Self? {
        if case .dhcpOptions(let value) = resource { value } else { nil }
    }

    public let id: String
    public let scope: AccountRegion
    /// The options, in the order the request gave them.
    public let configurations: [DhcpConfiguration]
    public var tags: TagSet
    public var createdAt: Date

    public var vpcId: String? { nil }

    /// What `AssociateDhcpOptions` takes, and `DescribeVpcs` reports, for a VPC with no options set.
    public static let noneId = "default"

    public init(id: String, scope: AccountRegion, configurations: [DhcpConfiguration], tags: TagSet = [:], createdAt: Date) {
        self.id = id
        self.scope = scope
        self.configurations = configurations
        self.tags = tags
        self.createdAt = createdAt
    }

    /// The options of a region's default set: the Amazon-provided resolver and the region's internal domain
    /// (`ec2.internal` in us-east-1, which predates the `REGION.compute.internal` form every other region uses).
    public static func regionDefaultConfigurations(region: String) -> [DhcpConfiguration] {
        [
            DhcpConfiguration(key: .domainName, values: [CloudState.privateDnsDomain(region: region)]),
            DhcpConfiguration(key: .domainNameServers, values: [DhcpConfiguration.amazonProvidedDns]),
        ]
    }
}

/// One option of a DHCP options set: a key AWS knows and its values.
public struct DhcpConfiguration: Sendable, Hashable, Codable {
    /// The options AWS lets a set carry.
    public enum Key: String, Sendable, Hashable, Codable, CaseIterable {
        case domainName = "domain-name"
        case domainNameServers = "domain-name-servers"
        case ntpServers = "ntp-servers"
        case netbiosNameServers = "netbios-name-servers"
        case netbiosNodeType = "netbios-node-type"
        case ipv6AddressPreferredLeaseTime = "ipv6-address-preferred-lease-time"
    }

    /// The name standing for the VPC's own resolver among `domain-name-servers`.
    public static let amazonProvidedDns = "AmazonProvidedDNS"

    public let key: Key
    public let values: [String]

    public init(key: Key, values: [String]) {
        self.key = key
        self.values = values
    }
}
