public import Addressing
public import Foundation

/// SearchTransitGatewayRoutes: a route table's routes that pass every filter.
extension CloudState {
    /// The filters AWS documents for SearchTransitGatewayRoutes.
    public static let transitGatewayRouteFilterNames: Set<String> = [
        "attachment.transit-gateway-attachment-id", "attachment.resource-id", "attachment.resource-type", "prefix-list-id",
        "route-search.exact-match", "route-search.longest-prefix-match", "route-search.subnet-of-match", "route-search.supernet-of-match",
        "state", "type",
    ]

    /// The routes of the caller's route table `routeTableId` that pass every filter, by destination.
    ///
    /// The `route-search.*` filters take CIDR blocks: `exact-match` the route's own prefix, `subnet-of-match` routes
    /// inside the block, `supernet-of-match` routes holding the block, `longest-prefix-match` the most specific route
    /// holding it.
    public func searchTransitGatewayRoutes(_ routeTableId: String, filters: [Filter], in scope: AccountRegion, at now: Date) throws(EC2Error)
        -> [TransitGatewayRoute]
    {
        try TransitGatewayRouteTable.idKind.validate(routeTableId)
        guard let table = get(TransitGatewayRouteTable.self, routeTableId, in: scope), table.isLive else {
            throw TransitGatewayRouteTable.idKind.notFound([routeTableId])
        }
        for filter in filters where !Self.transitGatewayRouteFilterNames.contains(filter.name) { throw .invalidFilter(filter.name) }
        var routes = transitGatewayRoutes(of: table, at: now)
        for filter in filters {
            switch filter.name {
            case "route-search.exact-match":
                let blocks = try Self.searchBlocks(filter)
                routes = routes.filter { blocks.contains($0.destination) }
            case "route-search.subnet-of-match":
                let blocks = try Self.searchBlocks(filter)
                routes = routes.filter { route in blocks.contains { $0.contains(route.destination) } }
            case "route-search.supernet-of-match":
                let blocks = try Self.searchBlocks(filter)
                routes = routes.filter { route in blocks.contains { route.destination.contains($0) } }
            case "route-search.longest-prefix-match":
                let blocks = try Self.searchBlocks(filter)
                let best = blocks.compactMap { block in
                    routes.filter { $0.destination.contains(block) }.map(\.destination.prefixLength).max().map { (block, $0) }
                }
                routes = routes.filter { route in best.contains { route.destination.contains($0.0) && route.destination.prefixLength == $0.1 } }
            default:
                routes = routes.filter { filter.matches(any: $0.filterValues(filter.name)) }
            }
        }
        return routes
    }

    private static func searchBlocks(_ filter: Filter) throws(EC2Error) -> [IPv4CIDR] {
        var blocks: [IPv4CIDR] = []
        for value in filter.values {
            guard let block = IPv4CIDR(value) else {
                throw .invalidParameterValue("Value (\(value)) for filter \(filter.name) is invalid. This is not a valid IPv4 CIDR block.")
            }
            blocks.append(block.canonical)
        }
        return blocks
    }
}

extension TransitGatewayRoute {
    /// The values of SearchTransitGatewayRoutes' plain filters for this route.
    func filterValues(_ name: String) -> [String] {
        switch name {
        case "attachment.transit-gateway-attachment-id": attachmentId.map { [$0] } ?? []
        case "attachment.resource-id": resourceId.map { [$0] } ?? []
        case "attachment.resource-type": resourceType.map { [$0] } ?? []
        case "state": [state.rawValue]
        case "type": [type.rawValue]
        default: []
        }
    }
}
