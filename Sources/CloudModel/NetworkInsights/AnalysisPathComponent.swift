/// A resource an analysis names (`AnalysisComponent`): its id, ARN and `Name` tag.
public struct AnalysisComponent: Sendable, Hashable, Codable {
    public var id: String
    public var arn: String?
    public var name: String?

    public init(id: String, arn: String? = nil, name: String? = nil) {
        self.id = id
        self.arn = arn
        self.name = name
    }

    /// The ARN type of each id prefix an analysis may name.
    static let arnTypes: [String: String] = [
        "i": "instance", "eni": "network-interface", "igw": "internet-gateway", "sg": "security-group", "acl": "network-acl",
        "rtb": "route-table", "pcx": "vpc-peering-connection", "subnet": "subnet", "vpc": "vpc", "nip": "network-insights-path",
        "nia": "network-insights-analysis", "eigw": "egress-only-internet-gateway", "vpce": "vpc-endpoint",
        "tgw": "transit-gateway", "tgw-attach": "transit-gateway-attachment", "tgw-rtb": "transit-gateway-route-table",
    ]

    /// `arn:aws:ec2:<region>:<account>:<type>/<id>` for an id of a kind EC2 names in ARNs; nil otherwise.
    public static func arn(for id: String, in scope: AccountRegion) -> String? {
        guard let dash = id.lastIndex(of: "-"), let type = arnTypes[String(id[..<dash])] else { return nil }
        return "arn:aws:ec2:\(scope.region):\(scope.account):\(type)/\(id)"
    }

    /// The id an ARN names (`…:instance/i-…` → `i-…`), or `text` itself when it is not an EC2 ARN.
    public static func id(fromIdOrArn text: String) -> (id: String, scope: AccountRegion?) {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "ec2", let slash = parts[5].lastIndex(of: "/") else { return (text, nil) }
        return (String(parts[5][parts[5].index(after: slash)...]), AccountRegion(account: String(parts[4]), region: String(parts[3])))
    }
}

/// One hop of an analysed path (`PathComponent`): the component, where it is, and the route or rule that let the
/// traffic through there.
public struct AnalysisPathComponent: Sendable, Hashable, Codable {
    public var sequenceNumber: Int
    public var component: AnalysisComponent
    public var vpc: AnalysisComponent?
    public var subnet: AnalysisComponent?
    public var routeTableRoute: AnalysisRouteTableRoute?
    public var aclRule: AnalysisAclRule?
    public var securityGroupRule: AnalysisSecurityGroupRule?
    /// The transit gateway of a hop through one (its attachment or route table); absent from older analyses.
    public var transitGateway: AnalysisComponent?
    /// The transit gateway route that matched, on a transit gateway route table's hop.
    public var transitGatewayRouteTableRoute: AnalysisTransitGatewayRoute?

    public init(
        sequenceNumber: Int, component: AnalysisComponent, vpc: AnalysisComponent? = nil, subnet: AnalysisComponent? = nil,
        routeTableRoute: AnalysisRouteTableRoute? = nil, aclRule: AnalysisAclRule? = nil, securityGroupRule: AnalysisSecurityGroupRule? = nil
    ) {
        self.sequenceNumber = sequenceNumber
        self.component = component
        self.vpc = vpc
        self.subnet = subnet
        self.routeTableRoute = routeTableRoute
        self.aclRule = aclRule
        self.securityGroupRule = securityGroupRule
    }
}

/// A route as an analysis reports it (`AnalysisRouteTableRoute`).
public struct AnalysisRouteTableRoute: Sendable, Hashable, Codable {
    /// The route's block; nil for a route to a prefix list.
    public var destinationCidr: String?
    /// The route's prefix list, for a route to one (absent from analyses stored before LocalVPC had them).
    public var destinationPrefixListId: String?
    /// `local` or an internet gateway.
    public var gatewayId: String?
    public var vpcPeeringConnectionId: String?
    public var natGatewayId: String?
    /// An egress-only internet gateway (absent from analyses stored before LocalVPC had them).
    public var egressOnlyInternetGatewayId: String?
    /// A transit gateway (absent from analyses stored before LocalVPC routed through them).
    public var transitGatewayId: String?
    /// `CreateRouteTable` or `CreateRoute`.
    public var origin: String
    /// `active` or `blackhole`.
    public var state: String

    public init(
        destinationCidr: String?, destinationPrefixListId: String? = nil, gatewayId: String?, vpcPeeringConnectionId: String?,
        natGatewayId: String? = nil, egressOnlyInternetGatewayId: String? = nil, origin: String, state: String
    ) {
        self.destinationCidr = destinationCidr
        self.destinationPrefixListId = destinationPrefixListId
        self.gatewayId = gatewayId
        self.vpcPeeringConnectionId = vpcPeeringConnectionId
        self.natGatewayId = natGatewayId
        self.egressOnlyInternetGatewayId = egressOnlyInternetGatewayId
        self.origin = origin
        self.state = state
    }
}

/// A network ACL entry as an analysis reports it (`AnalysisAclRule`).
public struct AnalysisAclRule: Sendable, Hashable, Codable {
    public var cidr: String
    public var egress: Bool
    public var portRange: AnalysisPortRange?
    /// `-1` or a protocol number, as the entry names it.
    public var ipProtocol: String
    /// `allow` or `deny`.
    public var ruleAction: String
    public var ruleNumber: Int

    public init(cidr: String, egress: Bool, portRange: AnalysisPortRange?, ipProtocol: String, ruleAction: String, ruleNumber: Int) {
        self.cidr = cidr
        self.egress = egress
        self.portRange = portRange
        self.ipProtocol = ipProtocol
        self.ruleAction = ruleAction
        self.ruleNumber = ruleNumber
    }
}

/// A security-group rule as an analysis reports it (`AnalysisSecurityGroupRule`).
public struct AnalysisSecurityGroupRule: Sendable, Hashable, Codable {
    /// The rule's address block; nil when the rule refers to a group or a prefix list.
    public var cidr: String?
    /// The rule's prefix list, when it names one (absent from analyses stored before LocalVPC had them).
    public var prefixListId: String?
    /// `ingress` or `egress`.
    public var direction: String
    public var securityGroupId: String
    public var portRange: AnalysisPortRange?
    /// `-1`, `tcp`, `udp`, `icmp`, or a number.
    public var ipProtocol: String

    public init(
        cidr: String?, prefixListId: String? = nil, direction: String, securityGroupId: String, portRange: AnalysisPortRange?, ipProtocol: String
    ) {
        self.cidr = cidr
        self.prefixListId = prefixListId
        self.direction = direction
        self.securityGroupId = securityGroupId
        self.portRange = portRange
        self.ipProtocol = ipProtocol
    }
}
