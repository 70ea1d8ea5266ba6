/// One `IpPermissions.N` of an Authorize or Revoke call: a protocol and port range, and the sources (ingress)
/// or destinations (egress) it applies to. Each source becomes one `SecurityGroupRule`.
public struct IpPermission: Sendable, Hashable {
    public var ipProtocol: String?
    public var fromPort: Int?
    public var toPort: Int?
    public var ipv4Ranges: [(cidr: String, description: String?)]
    public var ipv6Ranges: [(cidr: String, description: String?)]
    public var groups: [GroupReference]
    /// `PrefixListIds.N`: prefix lists by id, each with the rule's description.
    public var prefixListIds: [(id: String, description: String?)]

    public init(
        ipProtocol: String?,
        fromPort: Int? = nil,
        toPort: Int? = nil,
        ipv4Ranges: [(cidr: String, description: String?)] = [],
        ipv6Ranges: [(cidr: String, description: String?)] = [],
        groups: [GroupReference] = [],
        prefixListIds: [(id: String, description: String?)] = []
    ) {
        self.ipProtocol = ipProtocol
        self.fromPort = fromPort
        self.toPort = toPort
        self.ipv4Ranges = ipv4Ranges
        self.ipv6Ranges = ipv6Ranges
        self.groups = groups
        self.prefixListIds = prefixListIds
    }

    /// A `UserIdGroupPairs.N`: a group by id (or by name in the default VPC), maybe another account's.
    public struct GroupReference: Sendable, Hashable {
        public var groupId: String?
        public var groupName: String?
        public var userId: String?
        public var description: String?

        public init(groupId: String?, groupName: String? = nil, userId: String? = nil, description: String? = nil) {
            self.groupId = groupId
            self.groupName = groupName
            self.userId = userId
            self.description = description
        }
    }

    public static func == (lhs: IpPermission, rhs: IpPermission) -> Bool {
        lhs.ipProtocol == rhs.ipProtocol && lhs.fromPort == rhs.fromPort && lhs.toPort == rhs.toPort
            && lhs.ipv4Ranges.map(\.cidr) == rhs.ipv4Ranges.map(\.cidr) && lhs.ipv6Ranges.map(\.cidr) == rhs.ipv6Ranges.map(\.cidr)
            && lhs.groups == rhs.groups && lhs.prefixListIds.map(\.id) == rhs.prefixListIds.map(\.id)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ipProtocol)
        hasher.combine(fromPort)
        hasher.combine(toPort)
        hasher.combine(ipv4Ranges.map(\.cidr))
        hasher.combine(groups)
    }
}
