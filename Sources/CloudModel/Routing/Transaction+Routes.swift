import Addressing

/// CreateRoute, ReplaceRoute and DeleteRoute.
extension Transaction {
    /// A route's target as a request names it: the targets LocalVPC models, or one it does not model yet.
    public enum RouteTargetRequest: Sendable, Hashable {
        case gateway(String)
        case vpcPeeringConnection(String)
        case natGateway(String)
        case egressOnlyInternetGateway(String)
        case transitGateway(String)
        /// A target parameter LocalVPC does not model yet (`TransitGatewayId`, …), refused rather than ignored.
        case unsupported(parameter: String)
    }

    /// A route's destination as a request names it: `DestinationCidrBlock` or `DestinationIpv6CidrBlock` (as text, checked
    /// here), or `DestinationPrefixListId`.
    public enum RouteDestinationRequest: Sendable, Hashable {
        case cidr(String)
        case prefixList(String)
    }

    public mutating func createRoute(_ routeTableId: String, destination: String?, target: RouteTargetRequest?) throws(EC2Error) {
        guard let destination else { throw .missingParameter("destinationCidrBlock") }
        try createRoute(routeTableId, destination: .cidr(destination), target: target)
    }

    /// Adds a route. A prefix list destination is one route for all the list's entries; its `MaxEntries` counts against
    /// the table's route quota, and a table has at most one route per list.
    public mutating func createRoute(_ routeTableId: String, destination: RouteDestinationRequest, target: RouteTargetRequest?) throws(EC2Error) {
        var table = try require(RouteTable.self, routeTableId)
        let destination = try resolve(destination, canonicalizingIPv4: true)
        if let index = table.routeIndex(for: destination) {
            // A route for exactly a VPC block meets the local route: AWS answers what the target may not be (only an
            // interface or an instance may take the VPC's own traffic), as for a block inside it.
            if table.routes[index].target == .local { _ = try resolve(target, for: table, destination: destination) }
            throw EC2Error(code: "RouteAlreadyExists", message: "The route identified by \(destination) already exists.")
        }
        if configuration.enforcesAdjustableQuotas, routeQuotaUsage(of: table) + weight(of: destination) > configuration.quotas.routesPerRouteTable {
            throw .limitExceeded("RouteLimitExceeded", "The maximum number of routes in this route table has been reached.")
        }
        let route = Route(destination: destination, target: try resolve(target, for: table, destination: destination), origin: .createRoute)
        table.routes.append(route)
        put(table)
    }

    public mutating func replaceRoute(_ routeTableId: String, destination: String?, target: RouteTargetRequest?) throws(EC2Error) {
        guard let destination else { throw .missingParameter("destinationCidrBlock") }
        try replaceRoute(routeTableId, destination: .cidr(destination), target: target)
    }

    public mutating func replaceRoute(_ routeTableId: String, destination: RouteDestinationRequest, target: RouteTargetRequest?) throws(EC2Error) {
        var table = try require(RouteTable.self, routeTableId)
        let destination = try resolve(destination)
        guard let index = table.routeIndex(for: destination) else {
            throw .invalidParameterValue("There is no route defined for '\(destination)' in the route table. Use CreateRoute instead.")
        }
        guard table.routes[index].target != .local else {
            throw .invalidParameterValue("The route identified by \(destination) is the local route of the VPC and cannot be replaced.")
        }
        if let endpointId = table.routes[index].target.vpcEndpointId { throw .vpcEndpointRoute(destination.description, endpointId: endpointId) }
        table.routes[index].target = try resolve(target, for: table, destination: destination)
        table.routes[index].origin = .createRoute
        put(table)
    }

    public mutating func deleteRoute(_ routeTableId: String, destination: String?) throws(EC2Error) {
        guard let destination else { throw .missingParameter("destinationCidrBlock") }
        try deleteRoute(routeTableId, destination: .cidr(destination))
    }

    public mutating func deleteRoute(_ routeTableId: String, destination request: RouteDestinationRequest) throws(EC2Error) {
        var table = try require(RouteTable.self, routeTableId)
        let destination: RouteDestination
        switch request {
        case .cidr(let text): destination = .cidr(try Self.parseDestination(text))
        case .prefixList(let id):
            // A route to a list that is gone can still be removed; only the id's form is checked.
            try ResourceIdKind.prefixList.validate(id)
            destination = .prefixList(id)
        }
        guard let index = table.routeIndex(for: destination) else {
            let parameter = destination.prefixListId == nil ? "destination-cidr-block" : "destination-prefix-list-id"
            throw EC2Error(code: "InvalidRoute.NotFound", message: "no route with \(parameter) \(destination) in route table \(routeTableId)")
        }
        guard table.routes[index].target != .local else {
            throw .invalidParameterValue("cannot remove local route \(destination) in route table \(routeTableId)")
        }
        if let endpointId = table.routes[index].target.vpcEndpointId { throw .vpcEndpointRoute(destination.description, endpointId: endpointId) }
        table.routes.remove(at: index)
        put(table)
    }

    /// How many routes `table` counts for against its quota: one per block, a prefix list's weight per list route.
    func routeQuotaUsage(of table: RouteTable) -> Int {
        table.routes.reduce(0) { $0 + weight(of: $1.destination) }
    }

    private func weight(of destination: RouteDestination) -> Int {
        destination.prefixListId.flatMap { prefixList($0)?.weight } ?? 1
    }

    /// The destination a request names, checked: a canonical block, or a prefix list the caller can use in a route.
    /// CreateRoute makes an IPv4 block canonical ("if you specify 100.68.0.18/18, we modify it to 100.68.0.0/18", its
    /// `DestinationCidrBlock` in the API reference); ReplaceRoute and DeleteRoute name an existing route as it is.
    private func resolve(_ destination: RouteDestinationRequest, canonicalizingIPv4: Bool = false) throws(EC2Error) -> RouteDestination {
        switch destination {
        case .cidr(let text):
            return .cidr(try Self.parseDestination(text, canonicalizingIPv4: canonicalizingIPv4))
        case .prefixList(let id):
            let list = try requirePrefixList(id)
            // AWS's lists reach a route table only through a gateway endpoint, which makes the route itself.
            guard !list.isAWSManaged else { throw .awsManagedPrefixListInRoute(id) }
            return .prefixList(id)
        }
    }

    static func parseDestination(_ destination: String, canonicalizingIPv4: Bool = false) throws(EC2Error) -> IPCIDR {
        guard let block = IPCIDR(destination), block.canonical == block || (canonicalizingIPv4 && block.ipv4 != nil) else {
            let parameter = destination.contains(":") ? "destinationIpv6CidrBlock" : "destinationCidrBlock"
            throw .invalidCidr(destination, parameter: parameter)
        }
        return block.canonical
    }

    private func resolve(_ target: RouteTargetRequest?, for table: RouteTable, destination: RouteDestination) throws(EC2Error) -> RouteTarget {
        switch target {
        case nil:
            throw .missingParameter("gatewayId")
        case .unsupported(let parameter):
            throw .unsupportedRouteTarget(parameter)
        case .vpcPeeringConnection(let id):
            // A route may name a peering that is not active yet: it is a blackhole until it is.
            let peering = try requirePeering(id)
            guard peering.involves(table.tableVpcId), peering.status(at: now).isLive else {
                // AWS's words, as Terraform users quote them: every kind of target is a "network gateway" here.
                throw .invalidParameterValue("route table \(table.id) and network gateway \(id) belong to different networks")
            }
            try refuseInsideVpc(destination, table: table)
            return .vpcPeeringConnection(id)
        case .transitGateway(let id):
            // AWS answers a gateway the VPC has no attachment to as if it did not exist (Terraform AWS provider issues
            // #9222, #10025); a route to one whose attachment is still pending is made, as a blackhole.
            let gateway = try require(TransitGateway.self, id)
            guard gateway.isLive,
                !all(TransitGatewayAttachment.self, inVpc: table.tableVpcId).filter({ $0.isLive && $0.transitGatewayId == id }).isEmpty
            else { throw TransitGateway.idKind.notFound([id]) }
            try refuseInsideVpc(destination, table: table)
            return .transitGateway(id)
        case .natGateway(let id):
            let gateway = try require(NatGateway.self, id)
            guard gateway.isVisible(at: now), gateway.state != .deleted else { throw NatGateway.idKind.notFound([id]) }
            guard gateway.natVpcId == table.tableVpcId else { throw .natGatewayElsewhere(table: table.id, natGatewayId: id) }
            try refuseInsideVpc(destination, table: table)
            return .natGateway(id)
        case .egressOnlyInternetGateway(let gatewayId):
            let gateway = try require(EgressOnlyInternetGateway.self, gatewayId)
            guard family(of: destination) == .ipv6 else { throw .egressOnlyInternetGatewayNeedsIpv6(destination.description, gatewayId: gatewayId) }
            guard gateway.gatewayVpcId == table.tableVpcId else {
                throw .invalidParameterValue("route table \(table.id) and network gateway \(gatewayId) belong to different networks")
            }
            try refuseInsideVpc(destination, table: table)
            return .egressOnlyInternetGateway(gatewayId)
        case .gateway(let gatewayId):
            // `GatewayId` also names a virtual private gateway, which LocalVPC keeps but does not route to.
            if ResourceId.isWellFormed(gatewayId, prefix: .vpnGateway), get(VpnGateway.self, gatewayId) != nil {
                throw .unsupportedRouteTarget("GatewayId (a virtual private gateway)")
            }
            guard ResourceId.isWellFormed(gatewayId, prefix: .internetGateway) else {
                throw EC2Error(code: "InvalidGatewayID.NotFound", message: "The gateway ID '\(gatewayId)' does not exist")
            }
            guard let gateway = get(InternetGateway.self, gatewayId) else {
                throw EC2Error(code: "InvalidGatewayID.NotFound", message: "The gateway ID '\(gatewayId)' does not exist")
            }
            guard gateway.attachedVpcId == table.tableVpcId else {
                throw .invalidParameterValue("route table \(table.id) and network gateway \(gatewayId) belong to different networks")
            }
            try refuseInsideVpc(destination, table: table)
            return .internetGateway(gatewayId)
        }
    }

    /// The address family of a destination: its block's, or its prefix list's.
    private func family(of destination: RouteDestination) -> AddressFamily? {
        switch destination {
        case .cidr(let block): AddressFamily(of: block)
        case .prefixList(let id): prefixList(id)?.addressFamily
        }
    }

    /// Only an interface or an instance may take traffic for a block inside the VPC's own blocks. A prefix list
    /// destination is not checked entry by entry: its entries may change after the route is made (a guess: AWS
    /// documents no such check for prefix list routes).
    private func refuseInsideVpc(_ destination: RouteDestination, table: RouteTable) throws(EC2Error) {
        guard let destination = destination.cidr else { return }
        if table.routes.contains(where: { $0.target == .local && $0.destination.cidr?.contains(destination) == true }) {
            throw .invalidParameterValue(
                "The destination CIDR block \(destination) is equal to or more specific than one of this VPC's CIDR blocks. This route can target only an interface or an instance."
            )
        }
    }
}
