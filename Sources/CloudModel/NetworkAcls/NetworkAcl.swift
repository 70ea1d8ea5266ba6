public import Addressing
public import Foundation

/// A network ACL: stateless numbered rules, lowest number first, applied at the subnet boundary.
public struct NetworkAcl: TaggedResource, IdempotentlyCreated {
    public static var table: WritableKeyPath<RegionState, PersistentDictionary<String, NetworkAcl>> { \.networkAcls }
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
    public var clientToken: String?
    public var requestFingerprint: String?

    public var vpcId: String? { aclVpcId }

    /// The entries of one direction in the order they are evaluated: lowest rule number first, the `*` rules last.
    public func entries(egress: Bool) -> [NetworkAclEntry] {
        entries.filter { $0.egress == egress }.sorted { $0.ruleNumber < $1.ruleNumber }
    }

    /// Every entry in the order AWS lists them: egress before ingress, each by rule number.
    public var orderedEntries: [NetworkAclEntry] { entries(egress: true) + entries(egress: false) }

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
///
/// Stored the way the reachability evaluator reads it: a packet matches when its protocol is `ipProtocol` (or it
/// is `-1`), its address is in `cidrBlock`, and, for TCP (6) and UDP (17), its port is in `portRange`; for ICMP (1)
/// and ICMPv6 (58) with an IPv6 block, its type and code match `icmpType`/`icmpCode` (-1 for any). A nil
/// `portRange` or `icmpType` means every port or type. The first match by rule number decides.
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

    public init(
        ruleNumber: Int,
        egress: Bool,
        ipProtocol: String,
        ruleAction: RuleAction,
        cidrBlock: IPCIDR,
        portRange: ClosedRange<Int>? = nil,
        icmpType: Int? = nil,
        icmpCode: Int? = nil
    ) {
        self.ruleNumber = ruleNumber
        self.egress = egress
        self.ipProtocol = ipProtocol
        self.ruleAction = ruleAction
        self.cidrBlock = cidrBlock
        self.portRange = portRange
        self.icmpType = icmpType
        self.icmpCode = icmpCode
    }

    /// Whether this is one of the `*` rules (32767 for IPv4, 32768 for IPv6) that end every ACL and cannot change.
    public var isCatchAll: Bool { ruleNumber > NetworkAclEntry.ruleNumbers.upperBound }

    /// The rule numbers users may write; the ones above are AWS's own.
    public static let ruleNumbers = 1...32766

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
