import Addressing

/// CreateRoute, ReplaceRoute and DeleteRoute.
extension Transaction {
    /// A route's target as a request names it: the targets LocalVPC models, or one it does not model yet.
    public enum RouteTargetRequest: Sendable, Hashable {
        case gateway(String)
        case vpcPeeringConnection(String)
        case natGateway(String)
        case egressOnlyInternetGateway(String)
        /// A target parameter LocalVPC does not model yet (`TransitGatewayId`, …), refused rather than ignored.
        case unsupported(parameter: String)
    }

    public mutating func createRoute(_ routeTableId: String, destination: String?, target: RouteTargetRequest?) throws(EC2Error) {
        var table = try require(RouteTable.self, routeTableId)
        let block = try Self.parseDestination(destination)
        if table.routeIndex(for: block) != nil {
            throw EC2Error(code: "RouteAlreadyExists", message: "The route identified by \(block) already exists.")
        }
        if configuration.enforcesAdjustableQuotas, table.routes.count >= configuration.quotas.routesPerRouteTable {
            throw .limitExceeded("RouteLimitExceeded", "The maximum number of routes in this route table has been reached.")
        }
        let route = Route(destination: block, target: try resolve(target, for: table, destination: block), origin: .createRoute)
        table.routes.append(route)
        put(table)
    }

    public mutating func replaceRoute(_ routeTableId: String, destination: String?, target: RouteTargetRequest?) throws(EC2Error) {
        var table = try require(RouteTable.self, routeTableId)
        let block = try Self.parseDestination(destination)
        guard let index = table.routeIndex(for: block) else {
            throw .invalidParameterValue("There is no route defined for '\(block)' in the route table. Use CreateRoute instead.")
        }
        guard table.routes[index].target != .local else {
            throw .invalidParameterValue("The route identified by \(block) is the local route of the VPC and cannot be replaced.")
        }
        table.routes[index].target = try resolve(target, for: table, destination: block)
        table.routes[index].origin = .createRoute
        put(table)
    }

    public mutating func deleteRoute(_ routeTableId: String, destination: String?) throws(EC2Error) {
        var table = try require(RouteTable.self, routeTableId)
        let block = try Self.parseDestination(destination)
        guard let index = table.routeIndex(for: block) else {
            throw EC2Error(code: "InvalidRoute.NotFound", message: "no route with destination-cidr-block \(block) in route table \(routeTableId)")
        }
        guard table.routes[index].target != .local else {
            throw .invalidParameterValue("cannot remove local route \(block) in route table \(routeTableId)")
        }
        table.routes.remove(at: index)
        put(table)
    }

    static func parseDestination(_ destination: String?) throws(EC2Error) -> IPCIDR {
        guard let destination else { throw .missingParameter("destinationCidrBlock") }
        guard let block = IPCIDR(destination), block.canonical == block else {
            let parameter = destination.contains(":") ? "destinationIpv6CidrBlock" : "destinationCidrBlock"
            throw .invalidCidr(destination, parameter: parameter)
        }
        return block
    }

    private func resolve(_ target: RouteTargetRequest?, for table: RouteTable, destination: IPCIDR) throws(EC2Error) -> RouteTarget {
        switch target {
        case nil:
            throw .missingParameter("gatewayId")
        case .unsupported(let parameter):
            throw .invalidParameterValue("LocalVPC does not model routes to a \(parameter) yet.")
        case .vpcPeeringConnection(let id):
            // A route may name a peering that is not active yet: it is a blackhole until it is.
            let peering = try requirePeering(id)
            guard peering.involves(table.tableVpcId), peering.status(at: now).isLive else {
                throw .invalidParameterValue("route table \(table.id) and peering connection \(id) belong to different networks")
            }
            try refuseInsideVpc(destination, table: table)
            return .vpcPeeringConnection(id)
        case .natGateway(let id):
            let gateway = try require(NatGateway.self, id)
            guard gateway.isVisible(at: now), gateway.state != .deleted else { throw NatGateway.idKind.notFound([id]) }
            guard gateway.natVpcId == table.tableVpcId else { throw .natGatewayElsewhere(table: table.id, natGatewayId: id) }
            try refuseInsideVpc(destination, table: table)
            return .natGateway(id)
        case .egressOnlyInternetGateway(let gatewayId):
            let gateway = try require(EgressOnlyInternetGateway.self, gatewayId)
            guard destination.ipv6 != nil else { throw .egressOnlyInternetGatewayNeedsIpv6(destination.description, gatewayId: gatewayId) }
            guard gateway.gatewayVpcId == table.tableVpcId else {
                throw .invalidParameterValue("route table \(table.id) and network gateway \(gatewayId) belong to different networks")
            }
            try refuseInsideVpc(destination, table: table)
            return .egressOnlyInternetGateway(gatewayId)
        case .gateway(let gatewayId):
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

    /// Only an interface or an instance may take traffic for a block inside the VPC's own blocks.
    private func refuseInsideVpc(_ destination: IPCIDR, table: RouteTable) throws(EC2Error) {
        if table.routes.contains(where: { $0.target == .local && $0.destination.contains(destination) }) {
            throw .invalidParameterValue(
                "The destination CIDR block \(destination) is equal to or more specific than one of this VPC's CIDR blocks. This route can target only an interface or an instance."
            )
        }
    }
}
