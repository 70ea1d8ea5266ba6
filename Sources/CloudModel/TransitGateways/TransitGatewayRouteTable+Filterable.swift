public import Foundation

/// DescribeTransitGatewayRouteTables filters, as the EC2 API Reference documents them.
extension TransitGatewayRouteTable: Filterable {
    public static let filterNames: Set<String> = [
        "default-association-route-table", "default-propagation-route-table", "state", "transit-gateway-id", "transit-gateway-route-table-id",
    ]

    public func filterValues(_ name: String, in state: CloudState, at now: Date) -> [String] {
        let gateway = state.get(TransitGateway.self, transitGatewayId, in: scope)
        return switch name {
        case "default-association-route-table": [String(gateway?.associationDefaultRouteTableId == id)]
        case "default-propagation-route-table": [String(gateway?.propagationDefaultRouteTableId == id)]
        case "state": [self.state(at: now).rawValue]
        case "transit-gateway-id": [transitGatewayId]
        case "transit-gateway-route-table-id": [id]
        default: []
        }
    }
}
