public import Addressing

/// One route: traffic for `destination` (a block, or a prefix list's blocks) goes to `target`.
public struct Route: Sendable, Hashable, Codable {
    public var destination: RouteDestination
    public var target: RouteTarget
    public var origin: RouteOrigin

    public init(destination: RouteDestination, target: RouteTarget, origin: RouteOrigin) {
        self.destination = destination
        self.target = target
        self.origin = origin
    }

    /// A route to a CIDR block.
    public init(destination: IPCIDR, target: RouteTarget, origin: RouteOrigin) {
        self.init(destination: .cidr(destination), target: target, origin: origin)
    }
}

/// Where a route sends traffic.
public enum RouteTarget: Sendable, Hashable, Codable {
    /// Inside the VPC: the route AWS makes for every VPC block, which cannot be removed.
    case local
    /// An internet gateway (`igw-…`).
    case internetGateway(String)
    /// A VPC peering connection (`pcx-…`).
    case vpcPeeringConnection(String)
    /// A NAT gateway (`nat-…`) of the same VPC.
    case natGateway(String)
    /// An egress-only internet gateway (`eigw-…`), for IPv6 destinations only.
    case egressOnlyInternetGateway(String)
    /// A gateway VPC endpoint (`vpce-…`): the route the endpoint makes to its service's AWS-managed prefix list in
    /// each of its route tables, which only the endpoint changes.
    case vpcEndpoint(String)
    /// A transit gateway (`tgw-…`) the VPC has an attachment to.
    case transitGateway(String)
}

extension RouteTarget {
    /// What AWS reports as the route's `GatewayId`: `local`, an internet gateway or a gateway endpoint.
    public var gatewayId: String? {
        switch self {
        case .local: "local"
        case .internetGateway(let id), .vpcEndpoint(let id): id
        case .vpcPeeringConnection, .natGateway, .egressOnlyInternetGateway, .transitGateway: nil
        }
    }

    /// The gateway endpoint the route belongs to, if it is an endpoint's route.
    public var vpcEndpointId: String? {
        if case .vpcEndpoint(let id) = self { id } else { nil }
    }

    /// The NAT gateway the route uses, if it uses one.
    public var natGatewayId: String? {
        if case .natGateway(let id) = self { id } else { nil }
    }

    /// The egress-only internet gateway the route uses, if it uses one (AWS reports it apart from `GatewayId`).
    public var egressOnlyInternetGatewayId: String? {
        if case .egressOnlyInternetGateway(let id) = self { id } else { nil }
    }

    /// The transit gateway the route uses, if it uses one.
    public var transitGatewayId: String? {
        if case .transitGateway(let id) = self { id } else { nil }
    }

    /// The peering connection the route uses, if it uses one.
    public var vpcPeeringConnectionId: String? {
        if case .vpcPeeringConnection(let id) = self { id } else { nil }
    }
}

/// How a route came to be, as AWS reports it in `Origin`.
public enum RouteOrigin: String, Sendable, Hashable, Codable {
    case createRouteTable = "CreateRouteTable"
    case createRoute = "CreateRoute"
}

/// Whether a route's target can carry traffic now; derived from the state, never stored.
public enum RouteState: String, Sendable, Hashable {
    case active
    case blackhole
}
