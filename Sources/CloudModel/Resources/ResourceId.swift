/// The id of an EC2 resource: a prefix naming its kind, a dash, and 17 lowercase hex digits (`vpc-0a1b…`).
///
/// AWS also accepts the older 8-digit form as well-formed, so a well-formed id that does not exist is
/// `….NotFound`, and anything else is `….Malformed`.
public enum ResourceId {
    /// Id prefixes LocalVPC mints, in AWS's spelling.
    public enum Prefix: String, Sendable, CaseIterable {
        case vpc
        case vpcCidrAssociation = "vpc-cidr-assoc"
        case subnet
        case subnetCidrAssociation = "subnet-cidr-assoc"
        case routeTable = "rtb"
        case routeTableAssociation = "rtbassoc"
        case internetGateway = "igw"
        case egressOnlyInternetGateway = "eigw"
        case vpnGateway = "vgw"
        case customerGateway = "cgw"
        case securityGroup = "sg"
        case securityGroupRule = "sgr"
        case networkAcl = "acl"
        case networkAclAssociation = "aclassoc"
        case dhcpOptions = "dopt"
        case vpcPeeringConnection = "pcx"
        case instance = "i"
        case reservation = "r"
        case networkInterface = "eni"
        case networkInterfaceAttachment = "eni-attach"
        case elasticIpAllocation = "eipalloc"
        case elasticIpAssociation = "eipassoc"
        case networkInsightsPath = "nip"
        case networkInsightsAnalysis = "nia"
        case natGateway = "nat"
        case volume = "vol"
        case launchTemplate = "lt"
        case keyPair = "key"
        case flowLog = "fl"
        case prefixList = "pl"
        case vpcEndpoint = "vpce"
        case transitGateway = "tgw"
        case transitGatewayAttachment = "tgw-attach"
        case transitGatewayRouteTable = "tgw-rtb"
    }

    /// Whether `id` is `prefix-` followed by 8 or 17 lowercase hex digits.
    public static func isWellFormed(_ id: String, prefix: Prefix) -> Bool {
        let utf8 = id.utf8
        let head = prefix.rawValue.utf8.count + 1
        guard utf8.count == head + 8 || utf8.count == head + 17 else { return false }
        guard id.hasPrefix(prefix.rawValue + "-") else { return false }
        return utf8.dropFirst(head).allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    /// A fresh id: `prefix-` and 17 hex digits drawn from `generator`.
    public static func make(_ prefix: Prefix, using generator: inout some RandomNumberGenerator) -> String {
        let first = String(UInt64.random(in: 0..<16, using: &generator), radix: 16)
        let rest = String(generator.next(), radix: 16)
        return "\(prefix.rawValue)-\(first)\(String(repeating: "0", count: 16 - rest.count))\(rest)"
    }
}
