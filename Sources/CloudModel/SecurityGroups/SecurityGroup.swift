public import Addressing
public import Foundation

/// A security group: stateful allow rules for traffic into (ingress) and out of (egress) its members.
public struct SecurityGroup: TaggedResource {
    public static var table: WritableKeyPath<RegionState, PersistentDictionary<String, SecurityGroup>> { \.securityGroups }
    public static let resourceType = "security-group"
    public var resource: Resource { .securityGroup(self) }
    public static func unwrap(_ resource: Resource) -> Self? {
        if case .securityGroup(let value) = resource { value } else { nil }
    }

    public let id: String
    public let scope: AccountRegion
    public let groupVpcId: String
    public let groupName: String
    public let groupDescription: String
    public var ingress: [SecurityGroupRule]
    public var egress: [SecurityGroupRule]
    public var tags: TagSet
    public var createdAt: Date

    public var vpcId: String? { groupVpcId }
    /// Whether this is its VPC's `default` group, which cannot be deleted.
    public var isDefault: Bool { groupName == "default" }

    public init(
        id: String,
        scope: AccountRegion,
        vpcId: String,
        groupName: String,
        groupDescription: String,
        ingress: [SecurityGroupRule],
        egress: [SecurityGroupRule],
        tags: TagSet = [:],
        createdAt: Date
    ) {
        self.id = id
        self.scope = scope
        self.groupVpcId = vpcId
        self.groupName = groupName
        self.groupDescription = groupDescription
        self.ingress = ingress
        self.egress = egress
        self.tags = tags
        self.createdAt = createdAt
    }
}

/// One security group rule (`sgr-…`): a protocol and port range, and one source or destination.
public struct SecurityGroupRule: Sendable, Hashable, Codable {
    /// The `ResourceType` of a rule's `TagSpecifications`.
    public static let resourceType = "security-group-rule"

    public let ruleId: String
    /// `-1` (all), `tcp`, `udp`, `icmp`, `icmpv6`, or a protocol number.
    public var ipProtocol: String
    /// The first port, or the ICMP type; nil for all traffic.
    public var fromPort: Int?
    /// The last port, or the ICMP code; nil for all traffic.
    public var toPort: Int?
    public var peer: Peer
    public var description: String?
    /// The rule's own tags (`TagSpecifications` of ResourceType `security-group-rule` on Authorize).
    public var tags: TagSet

    public init(
        ruleId: String,
        ipProtocol: String,
        fromPort: Int? = nil,
        toPort: Int? = nil,
        peer: Peer,
        description: String? = nil,
        tags: TagSet = [:]
    ) {
        self.ruleId = ruleId
        self.ipProtocol = ipProtocol
        self.fromPort = fromPort
        self.toPort = toPort
        self.peer = peer
        self.description = description
        self.tags = tags
    }

    private enum CodingKeys: String, CodingKey { case ruleId, ipProtocol, fromPort, toPort, peer, description, tags }

    /// Decodes a rule; rules journalled before rules had tags decode with none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        ruleId = try container.decode(String.self, forKey: .ruleId)
        ipProtocol = try container.decode(String.self, forKey: .ipProtocol)
        fromPort = try container.decodeIfPresent(Int.self, forKey: .fromPort)
        toPort = try container.decodeIfPresent(Int.self, forKey: .toPort)
        peer = try container.decode(Peer.self, forKey: .peer)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        tags = try container.decodeIfPresent(TagSet.self, forKey: .tags) ?? [:]
    }

    /// Where traffic a rule allows comes from (ingress) or goes to (egress).
    public enum Peer: Sendable, Hashable, Codable {
        case ipv4(IPv4CIDR)
        case ipv6(IPv6CIDR)
        /// Members of a security group, possibly another account's (`userId`) in a peered VPC (`vpcId`).
        case group(id: String, userId: String, vpcId: String)
        /// The current entries of a prefix list (`pl-…`): the account's own, or one AWS manages.
        case prefixList(id: String)
    }
}

extension SecurityGroupRule {
    /// Every IPv6 address: the peer of the egress rule groups get in a VPC with IPv6.
    public static let allIpv6 = Peer.ipv6(IPv6CIDR("::/0")!)
}

extension SecurityGroupRule.Peer {
    /// The IPv4 block, when the rule names one.
    public var ipv4: IPv4CIDR? {
        if case .ipv4(let block) = self { block } else { nil }
    }

    /// The prefix list, when the rule names one.
    public var prefixListId: String? {
        if case .prefixList(let id) = self { id } else { nil }
    }

    /// The IPv6 block, when the rule names one.
    public var ipv6: IPv6CIDR? {
        if case .ipv6(let block) = self { block } else { nil }
    }
}
