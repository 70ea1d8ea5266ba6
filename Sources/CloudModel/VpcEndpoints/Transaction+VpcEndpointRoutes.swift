/// The route tables of gateway endpoints.
extension Transaction {
    /// Associates route tables of the endpoint's VPC with a gateway endpoint.
    mutating func addEndpointRoutes(to endpoint: inout VpcEndpoint, routeTableIds: [String]) throws(EC2Error) {
        for id in routeTableIds where !endpoint.routeTableIds.contains(id) {
            let table = try require(RouteTable.self, id)
            guard table.tableVpcId == endpoint.endpointVpcId else { throw .routeTableElsewhere(id, vpcId: endpoint.endpointVpcId) }
            endpoint.routeTableIds.append(id)
        }
    }

    /// Takes route tables away from a gateway endpoint.
    mutating func removeEndpointRoutes(of endpoint: inout VpcEndpoint, routeTableIds: [String]) {
        endpoint.routeTableIds.removeAll { routeTableIds.contains($0) }
    }
}
