public import Addressing
public import Foundation

/// A network ACL: stateless numbered rules, lowest number first, applied at the subnet boundary.
public struct NetworkAcl: TaggedResource {
    public static var table: WritableKeyPath<RegionState, [String: NetworkAcl]> { \.networkAcls }
    public static let resourceType = "network-acl"
    public var resource: Resource { .networkAcl(self) }
    public static func unwrap(_ resource: Resource) -> Self? {
        if case .networkAcl(let value) = resource { value } else { nil }
    }

    public let id: String
    public let scope: AccountRegion
    public let aclVpcId: String
    public let isDefault: Bool
    public var entries: [NetworkAclEntry]
    public var associations: [NetworkAclAssociation] = []
    public var tags: TagSet
    public var createdAt: Date

    public var vpcId: String? { aclVpcId }

    public init(id: String, scope: AccountRegion, vpcId: String, isDefault: Bool, entries: [NetworkAclEntry], tags: TagSet = [:], createdAt: Date) {
        self.id = id
        self.scope = scope
        self.aclVpcId = vpcId
        self.isDefault = isDefault
        self.entries = entries
        self.tags = tags
        self.createdAt = createdAt
    }
}

/// One numbered rule of a network ACL, in one direction.
public struct NetworkAclEntry: Sendable, Hashable, Codable {
    /// 1–32766 for rules users write; 32767 (IPv4) and 32768 (IPv6) are the `*` rules that deny the rest.
    public var ruleNumber: Int
    public var egress: Bool
    /// `-1` (all) or a protocol number as a string, as AWS reports it.
    public var ipProtocol: String
    public var ruleAction: RuleAction
    public var cidrBlock: IPCIDR
    public var portRange: ClosedRange<Int>?
    public var icmpType: Int?
    public var icmpCode: Int?

    public init(ruleNumber: Int, egress: Bool, ipProtocol: String, ruleAction: RuleAction, cidrBlock: IPCIDR) {
        self.ruleNumber = ruleNumber
        self.egress = egress
        self.ipProtocol = ipProtocol
        self.ruleAction = ruleAction
        self.cidrBlock = cidrBlock
    }

    public enum RuleAction: String, Sendable, Hashable, Codable {
        case allow
        case deny
    }
}

/// The link between a network ACL and a subnet (`aclassoc-…`); every subnet has exactly one.
public struct NetworkAclAssociation: Sendable, Hashable, Codable {
    public let id: String
    public let subnetId: String

    public init(id: String, subnetId: String) {
        self.id = id
        self.subnetId = subnetId
    }
}
