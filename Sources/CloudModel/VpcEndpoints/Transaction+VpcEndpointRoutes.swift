/// The routes of gateway endpoints: in each of its route tables, one route whose destination is the service's
/// AWS-managed prefix list and whose target is the endpoint. Only the endpoint makes, keeps and removes them.
extension Transaction {
    /// Associates route tables of the endpoint's VPC with a gateway endpoint, adding its route to each. A table that
    /// already routes the service's prefix list (through this endpoint or another of the same service) is
    /// `RouteAlreadyExists`, as AWS allows one endpoint per service in a table.
    mutating func addEndpointRoutes(to endpoint: inout VpcEndpoint, routeTableIds: [String]) throws(EC2Error) {
        guard !routeTableIds.isEmpty else { return }
        guard let prefixList = AWSManagedPrefixList.forService(endpoint.serviceName, in: scope.region) else {
            throw .invalidServiceName(endpoint.serviceName)
        }
        let destination = RouteDestination.prefixList(prefixList.id)
        var seen: Set<String> = []
        for id in routeTableIds where seen.insert(id).inserted {
            var table = try require(RouteTable.self, id)
            guard table.tableVpcId == endpoint.endpointVpcId else { throw .routeTableElsewhere(id, vpcId: endpoint.endpointVpcId) }
            guard table.routeIndex(for: destination) == nil else { throw .endpointRouteExists(id, prefixListId: prefixList.id) }
            if configuration.enforcesAdjustableQuotas, routeQuotaUsage(of: table) + prefixList.weight > configuration.quotas.routesPerRouteTable {
                throw .limitExceeded("RouteLimitExceeded", "The maximum number of routes in this route table has been reached.")
            }
            table.routes.append(Route(destination: destination, target: .vpcEndpoint(endpoint.id), origin: .createRoute))
            put(table)
            endpoint.routeTableIds.append(id)
        }
    }

    /// Takes route tables away from a gateway endpoint, with its routes in them.
    mutating func removeEndpointRoutes(of endpoint: inout VpcEndpoint, routeTableIds: [String]) {
        for id in routeTableIds {
            guard var table = get(RouteTable.self, id) else { continue }
            table.routes.removeAll { $0.target == .vpcEndpoint(endpoint.id) }
            put(table)
        }
        endpoint.routeTableIds.removeAll { routeTableIds.contains($0) }
    }
}
