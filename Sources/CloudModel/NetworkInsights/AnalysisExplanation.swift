/// Why an analysis found no path (`Explanation`): AWS's code, the component that blocked, and the fields
/// AWS fills for that code, from which a client can work out the change that would let the traffic through
/// (the route table and the missing destination, the group and the traffic to admit, the ACL).
public struct AnalysisExplanation: Sendable, Hashable, Codable {
    /// AWS's `ExplanationCode`, e.g. `NO_ROUTE_TO_DESTINATION`.
    public var code: String
    /// `ingress` or `egress`, for the codes about a direction (groups and ACLs).
    public var direction: String?
    /// True when the reply was blocked, false when the request was. Not on the wire: AWS tells the two apart by
    /// the return path components the analysis lists.
    public var onReturnPath: Bool
    public var component: AnalysisComponent
    public var vpc: AnalysisComponent?
    public var subnet: AnalysisComponent?
    public var routeTable: AnalysisComponent?
    public var routeTableRoute: AnalysisRouteTableRoute?
    public var securityGroup: AnalysisComponent?
    public var securityGroups: [AnalysisComponent] = []
    public var acl: AnalysisComponent?
    public var aclRule: AnalysisAclRule?
    public var vpcPeeringConnection: AnalysisComponent?
    public var internetGateway: AnalysisComponent?
    public var natGateway: AnalysisComponent?
    public var networkInterface: AnalysisComponent?
    /// The transit gateway, attachment, route table and route of a transit gateway finding (absent from older analyses).
    public var transitGateway: AnalysisComponent?
    public var transitGatewayAttachment: AnalysisComponent?
    public var transitGatewayRouteTable: AnalysisComponent?
    public var transitGatewayRouteTableRoute: AnalysisTransitGatewayRoute?
    /// The address blocks at stake: the destination a route lacks, the source a rule should admit.
    public var cidrs: [String] = []
    public var protocols: [String] = []
    public var portRanges: [AnalysisPortRange] = []
    /// The blocking component's state (`stopped`, `pending-acceptance`, `blackhole`).
    public var state: String?

    public init(code: String, direction: String? = nil, onReturnPath: Bool = false, component: AnalysisComponent) {
        self.code = code
        self.direction = direction
        self.onReturnPath = onReturnPath
        self.component = component
    }
}
