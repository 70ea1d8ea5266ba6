public import EC2Client

/// A security group as `DescribeSecurityGroups` shows it; only the ingress side matters here.
public struct SecurityGroup: Sendable, Hashable, Codable {
    /// `sg-…`.
    public var groupId: String
    /// `default` for a VPC's default group.
    public var groupName: String
    /// Its VPC.
    public var vpcId: String
    /// The inbound rules.
    public var ingress: [IpPermission]

    /// A group from its parts.
    public init(groupId: String, groupName: String, vpcId: String, ingress: [IpPermission] = []) {
        self.groupId = groupId
        self.groupName = groupName
        self.vpcId = vpcId
        self.ingress = ingress
    }

    /// Reads one `<securityGroupInfo><item>`.
    public init(xml: XMLTree) {
        self.init(
            groupId: xml.text("groupId") ?? "",
            groupName: xml.text("groupName") ?? "",
            vpcId: xml.text("vpcId") ?? "",
            ingress: xml.items("ipPermissions").map(IpPermission.init(xml:))
        )
    }
}

/// One permission: a protocol, a port range, and the IPv4 ranges it admits.
public struct IpPermission: Sendable, Hashable, Codable {
    /// `tcp`, `udp`, `icmp`, `-1` (all), or a protocol number.
    public var ipProtocol: String
    /// First port, or the ICMP type; nil for all traffic.
    public var fromPort: Int?
    /// Last port, or the ICMP code; nil for all traffic.
    public var toPort: Int?
    /// The IPv4 sources.
    public var cidrIps: [String]

    /// A permission from its parts.
    public init(ipProtocol: String, fromPort: Int? = nil, toPort: Int? = nil, cidrIps: [String]) {
        self.ipProtocol = ipProtocol
        self.fromPort = fromPort
        self.toPort = toPort
        self.cidrIps = cidrIps
    }

    /// Reads one `<ipPermissions><item>`.
    public init(xml: XMLTree) {
        self.init(
            ipProtocol: xml.text("ipProtocol") ?? "-1",
            fromPort: xml.text("fromPort").flatMap { Int($0) },
            toPort: xml.text("toPort").flatMap { Int($0) },
            cidrIps: xml.items("ipRanges").compactMap { $0.text("cidrIp") }
        )
    }
}
