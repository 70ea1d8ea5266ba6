/// What one analysis said, read from `DescribeNetworkInsightsAnalyses`: the verdict, the hops each way and,
/// when the path is blocked, AWS's explanations.
public struct PathReport: Sendable, Hashable, Codable {
    public var source: Endpoint
    public var destination: Endpoint
    /// `tcp`, `udp` or `icmp`.
    public var ipProtocol: String
    /// The destination port (the ICMP type for `icmp`); nil for any.
    public var port: Int?
    /// `NetworkPathFound`.
    public var reachable: Bool
    public var forward: [Hop]
    public var returnPath: [Hop]
    public var explanations: [Finding]

    /// A report from its parts.
    public init(
        source: Endpoint, destination: Endpoint, ipProtocol: String, port: Int?, reachable: Bool, forward: [Hop] = [], returnPath: [Hop] = [],
        explanations: [Finding] = []
    ) {
        self.source = source
        self.destination = destination
        self.ipProtocol = ipProtocol
        self.port = port
        self.reachable = reachable
        self.forward = forward
        self.returnPath = returnPath
        self.explanations = explanations
    }

    private enum CodingKeys: String, CodingKey {
        case source, destination, ipProtocol = "protocol", port, reachable, forward, returnPath = "return", explanations
    }
}

/// One hop (`PathComponent`): the component and the route, ACL rule or group rule that let the traffic through.
public struct Hop: Sendable, Hashable, Codable {
    public var sequenceNumber: Int
    public var componentId: String
    public var componentName: String?
    public var vpcId: String?
    public var subnetId: String?
    /// What matched there, in words (`route 172.16.0.0/16 -> pcx-… (active)`); nil when nothing had to.
    public var matched: String?

    /// A hop from its parts.
    public init(
        sequenceNumber: Int, componentId: String, componentName: String? = nil, vpcId: String? = nil, subnetId: String? = nil, matched: String? = nil
    ) {
        self.sequenceNumber = sequenceNumber
        self.componentId = componentId
        self.componentName = componentName
        self.vpcId = vpcId
        self.subnetId = subnetId
        self.matched = matched
    }
}

/// One `Explanation`: AWS's code, the component that blocked, and the fields a fix is worked out from.
public struct Finding: Sendable, Hashable, Codable {
    public var code: String
    /// `ingress` or `egress`, when AWS gives one.
    public var direction: String?
    /// True when the reply was blocked (the analysis lists return-path hops), false when the request was.
    public var onReturnPath: Bool
    public var componentId: String
    public var componentName: String?
    public var vpcId: String?
    public var subnetId: String?
    public var routeTableId: String?
    public var securityGroupId: String?
    public var networkAclId: String?
    /// The ACL rule that decided, when one did: its number and action.
    public var aclRuleNumber: Int?
    public var aclRuleAction: String?
    public var vpcPeeringConnectionId: String?
    public var internetGatewayId: String?
    public var networkInterfaceId: String?
    /// The transit gateway, attachment and route table of a transit gateway finding.
    public var transitGatewayId: String?
    public var transitGatewayAttachmentId: String?
    public var transitGatewayRouteTableId: String?
    public var cidrs: [String]
    public var protocols: [String]
    /// `[from, to]` pairs.
    public var portRanges: [[Int]]
    public var state: String?

    /// A finding with the code and component; the rest is filled by the reader.
    public init(code: String, componentId: String, onReturnPath: Bool = false) {
        self.code = code
        self.componentId = componentId
        self.onReturnPath = onReturnPath
        cidrs = []
        protocols = []
        portRanges = []
    }
}
