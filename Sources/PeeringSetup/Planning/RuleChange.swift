/// What `--allow` does about one kind of traffic from one peer block in one security group.
public struct RuleChange: Sendable, Hashable, Codable {
    /// What to do.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Authorize it.
        case add
        /// An ingress rule admits exactly this already.
        case alreadyThere = "already-there"
    }

    /// What to do.
    public var kind: Kind
    /// The group.
    public var groupId: String
    /// The traffic.
    public var traffic: AllowedTraffic
    /// The peer block it comes from.
    public var cidr: String

    /// A change from its parts.
    public init(kind: Kind, groupId: String, traffic: AllowedTraffic, cidr: String) {
        self.kind = kind
        self.groupId = groupId
        self.traffic = traffic
        self.cidr = cidr
    }

    /// One change per kind of traffic and peer block; a rule is already there when some
    /// ingress permission with the same protocol and ports lists exactly that block. A wider
    /// rule (`0.0.0.0/0`) does not count: the peer's rule should survive its removal.
    public static func changes(group: SecurityGroup, traffic: [AllowedTraffic], peerCidrBlocks: [String]) -> [RuleChange] {
        traffic.flatMap { traffic in
            peerCidrBlocks.map { cidr in
                let present = group.ingress.contains { traffic.isGranted(by: $0) && $0.cidrIps.contains(cidr) }
                return RuleChange(kind: present ? .alreadyThere : .add, groupId: group.groupId, traffic: traffic, cidr: cidr)
            }
        }
    }
}
