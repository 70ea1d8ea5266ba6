/// Route states are derived from the state, so a route turns `blackhole` the moment its target stops working.
extension CloudState {
    /// Whether `route` of `table` can carry traffic now.
    public func state(of route: Route, in table: RouteTable) -> RouteState {
        switch route.target {
        case .local:
            return .active
        case .internetGateway(let id):
            return get(InternetGateway.self, id, in: table.scope)?.attachedVpcId == table.tableVpcId ? .active : .blackhole
        }
    }
}
