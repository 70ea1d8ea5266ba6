public import CloudModel

/// The evaluator's answer: whether the traffic gets there and back, the hops it took each way, and,
/// when it does not, the explanation AWS's Reachability Analyzer would give for the hop that blocked it.
public struct PathAnalysis: Sendable, Hashable {
    public var isReachable: Bool { explanations.isEmpty }
    public var forward: [PathComponent]
    public var returnPath: [PathComponent]
    public var explanations: [Explanation]

    public init(forward: [PathComponent] = [], returnPath: [PathComponent] = [], explanations: [Explanation] = []) {
        self.forward = forward
        self.returnPath = returnPath
        self.explanations = explanations
    }
}

/// One hop of a path: a component the traffic went through, and the route or rule there that let it.
public struct PathComponent: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case instance, networkInterface = "network-interface", securityGroup = "security-group", networkAcl = "network-acl"
        case routeTable = "route-table", vpcPeeringConnection = "vpc-peering-connection", internetGateway = "internet-gateway"
        case natGateway = "nat-gateway"
        case egressOnlyInternetGateway = "egress-only-internet-gateway"
        case vpcEndpoint = "vpc-endpoint"
        case transitGateway = "transit-gateway", transitGatewayAttachment = "transit-gateway-attachment"
        case transitGatewayRouteTable = "transit-gateway-route-table"
    }

    public var kind: Kind
    public var id: String
    public var vpcId: String?
    public var subnetId: String?
    /// The route, ACL entry or group rule that matched, when the hop decided by one.
    public var matched: MatchedRule?

    public init(_ kind: Kind, _ id: String, vpcId: String? = nil, subnetId: String? = nil, matched: MatchedRule? = nil) {
        self.kind = kind
        self.id = id
        self.vpcId = vpcId
        self.subnetId = subnetId
        self.matched = matched
    }
}

/// What decided a hop.
public enum MatchedRule: Sendable, Hashable {
    case route(Route, RouteState)
    case aclEntry(NetworkAclEntry)
    case securityGroupRule(SecurityGroupRule, groupId: String, egress: Bool)
    /// The transit gateway route table's route that matched (AWS's `TransitGatewayRouteTableRoute`).
    case transitGatewayRoute(TransitGatewayRoute)
}

/// Why traffic does not get through, in AWS's Reachability Analyzer codes, with what to change.
public struct Explanation: Sendable, Hashable {
    public enum Code: String, Sendable, Hashable, CaseIterable {
        case noRouteToDestination = "NO_ROUTE_TO_DESTINATION"
        case moreSpecificRoute = "MORE_SPECIFIC_ROUTE"
        case badStateRoute = "BAD_STATE_ROUTE"
        case badState = "BAD_STATE"
        case pcxRequiresAddressInVpcCidr = "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR"
        case eniSecurityGroupRulesMismatch = "ENI_SG_RULES_MISMATCH"
        case securityGroupHasNoRules = "SG_HAS_NO_RULES"
        case subnetAclRestriction = "SUBNET_ACL_RESTRICTION"
        case unknownPeeredSecurityGroups = "UNKNOWN_PEERED_SGS"
        case igwPublicIpAssociationForEgress = "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS"
        case igwPublicIpAssociationForIngress = "IGW_PUBLIC_IP_ASSOCIATION_FOR_INGRESS"
        case noPossibleDestination = "NO_POSSIBLE_DESTINATION"
        case protocolRestriction = "PROTOCOL_RESTRICTION"
        // Transit gateways, as AWS's "Reachability Analyzer explanation codes" page lists them.
        /// The attachment between these components is not in a functional state.
        case badStateAttachment = "BAD_STATE_ATTACHMENT"
        /// The transit gateway attachment has no route table association.
        case tgwAttachMissingTgwRtbAssociation = "TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION"
        /// The VPC attachment has no subnet in the Availability Zone where the traffic originates.
        case tgwRouteAzRestriction = "TGW_ROUTE_AZ_RESTRICTION"
        /// The transit gateway route table's route to the destination is in a bad state (a blackhole).
        case tgwRtbBadStateRoute = "TGW_RTB_BAD_STATE_ROUTE"
        /// The table has a route to the destination's attachment, but it does not match the packet's address.
        case tgwRtbCannotRoute = "TGW_RTB_CANNOT_ROUTE"
        /// The table has a route to the destination, but a more specific route sends the packet elsewhere.
        case tgwRtbMoreSpecificRoute = "TGW_RTB_MORE_SPECIFIC_ROUTE"
        /// The table has no route to the destination's attachment.
        case tgwRtbNoRouteToTgwAttachment = "TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT"
        /// A rule refers to a group across a transit gateway whose attachment lacks security group referencing support.
        case sgReferencingSupport = "SG_REFERENCING_SUPPORT"
    }

    /// Which way the blocked traffic was going.
    public enum Direction: String, Sendable, Hashable {
        case forward, `return`
    }

    public var code: Code
    public var direction: Direction
    /// The component that blocked (a route table, an ACL, a network interface, …).
    public var component: PathComponent
    /// What happened, for people.
    public var detail: String
    /// What would let the traffic through, when LocalVPC can say.
    public var fix: Fix?

    public init(_ code: Code, _ direction: Direction, at component: PathComponent, _ detail: String, fix: Fix? = nil) {
        self.code = code
        self.direction = direction
        self.component = component
        self.detail = detail
        self.fix = fix
    }
}

/// A change that would let the traffic through, as `localvpc doctor` proposes it.
public enum Fix: Sendable, Hashable {
    case createRoute(routeTableId: String, destination: String, target: RouteTarget)
    case authorizeIngress(groupId: String, ipProtocol: String, fromPort: Int?, toPort: Int?, cidr: String)
    case authorizeEgress(groupId: String, ipProtocol: String, fromPort: Int?, toPort: Int?, cidr: String)
    case createAclEntry(networkAclId: String, ruleNumber: Int, egress: Bool, protocolNumber: Int, portRange: ClosedRange<Int>?, cidr: String)
    case acceptPeering(vpcPeeringConnectionId: String)
    case associatePublicAddress(networkInterfaceId: String)
    case startInstance(instanceId: String)
    /// AssociateTransitGatewayRouteTable: the attachment's packets are routed by that table.
    case associateTransitGatewayRouteTable(routeTableId: String, attachmentId: String)
    /// EnableTransitGatewayRouteTablePropagation: the attachment's VPC blocks become routes of the table.
    case enableTransitGatewayRouteTablePropagation(routeTableId: String, attachmentId: String)
    /// ReplaceTransitGatewayRoute: a static route (a blackhole) sends its prefix to the attachment instead.
    case replaceTransitGatewayRoute(routeTableId: String, destination: String, attachmentId: String)
}
