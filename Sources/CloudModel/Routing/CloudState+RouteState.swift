public import Foundation

/// Route states are derived from the state, so a route turns `blackhole` the moment its target stops working.
extension CloudState {
    /// Whether `route` of `table` can carry traffic at `now` (a peering's state depends on time).
    public func state(of route: Route, in table: RouteTable, at now: Date) -> RouteState {
        switch route.target {
        case .local:
            return .active
        case .internetGateway(let id):
            return get(InternetGateway.self, id, in: table.scope)?.attachedVpcId == table.tableVpcId ? .active : .blackhole
        case .egressOnlyInternetGateway(let id):
            return get(EgressOnlyInternetGateway.self, id, in: table.scope)?.gatewayVpcId == table.tableVpcId ? .active : .blackhole
        case .vpcPeeringConnection(let id):
            return peering(id)?.status(at: now).carriesTraffic == true ? .active : .blackhole
        case .vpcEndpoint(let id):
            return get(VpcEndpoint.self, id, in: table.scope)?.isLive == true ? .active : .blackhole
        case .transitGateway(let id):
            // Active once the VPC's attachment to the gateway is `available`; a blackhole before and after.
            let attachments = transitGatewayAttachments(of: id, vpcId: table.tableVpcId, in: table.scope)
            return attachments.contains { $0.state(at: now) == .available } ? .active : .blackhole
        case .natGateway(let id):
            return get(NatGateway.self, id, in: table.scope)?.state == .available ? .active : .blackhole
        }
    }
}
