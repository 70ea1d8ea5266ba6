public import EC2Client

/// A route table as `DescribeRouteTables` shows it: its associations and its routes.
public struct RouteTable: Sendable, Hashable, Codable {
    /// `rtb-…`.
    public var routeTableId: String
    /// Its VPC.
    public var vpcId: String
    /// True for the VPC's main table, which serves every subnet without an explicit association.
    public var isMain: Bool
    /// Subnets explicitly associated with this table.
    public var subnetIds: [String]
    /// The routes.
    public var routes: [Route]

    /// A route table from its parts.
    public init(routeTableId: String, vpcId: String, isMain: Bool = false, subnetIds: [String] = [], routes: [Route] = []) {
        self.routeTableId = routeTableId
        self.vpcId = vpcId
        self.isMain = isMain
        self.subnetIds = subnetIds
        self.routes = routes
    }

    /// Reads one `<routeTableSet><item>`; associations that are not `associated` are ignored.
    public init(xml: XMLTree) {
        let associations = xml.items("associationSet").filter { ($0.text("associationState/state") ?? "associated") == "associated" }
        self.init(
            routeTableId: xml.text("routeTableId") ?? "",
            vpcId: xml.text("vpcId") ?? "",
            isMain: associations.contains { $0.text("main") == "true" },
            subnetIds: associations.compactMap { $0.text("subnetId") },
            routes: xml.items("routeSet").map(Route.init(xml:))
        )
    }

    /// The route whose IPv4 destination is exactly `cidr`.
    public func route(to cidr: String) -> Route? {
        routes.first { $0.destinationCidrBlock == cidr }
    }
}

/// One route: where to, through what, and whether it works.
public struct Route: Sendable, Hashable, Codable {
    /// The IPv4 destination; nil for IPv6 and prefix-list routes.
    public var destinationCidrBlock: String?
    /// The target's id (`local`, `igw-…`, `pcx-…`, `nat-…`, `eni-…`…).
    public var target: String?
    /// `active` or `blackhole`.
    public var state: String?

    /// A route from its parts.
    public init(destinationCidrBlock: String?, target: String?, state: String? = "active") {
        self.destinationCidrBlock = destinationCidrBlock
        self.target = target
        self.state = state
    }

    /// Reads one `<routeSet><item>`; the target is whichever target field is present.
    public init(xml: XMLTree) {
        let targetFields = [
            "vpcPeeringConnectionId", "gatewayId", "natGatewayId", "transitGatewayId", "networkInterfaceId", "instanceId",
            "egressOnlyInternetGatewayId", "localGatewayId", "carrierGatewayId", "coreNetworkArn",
        ]
        self.init(
            destinationCidrBlock: xml.text("destinationCidrBlock"),
            target: targetFields.lazy.compactMap { xml.text($0) }.first,
            state: xml.text("state")
        )
    }
}
