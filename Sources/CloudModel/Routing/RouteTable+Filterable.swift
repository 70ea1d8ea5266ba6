import Addressing
public import Foundation

/// DescribeRouteTables filters, as the EC2 API Reference documents them.
extension RouteTable: Filterable {
    public static let filterNames: Set<String> = [
        "association.gateway-id", "association.route-table-association-id", "association.route-table-id", "association.subnet-id",
        "association.main", "owner-id", "route-table-id", "route.destination-cidr-block", "route.destination-ipv6-cidr-block",
        "route.destination-prefix-list-id", "route.egress-only-internet-gateway-id", "route.gateway-id", "route.instance-id",
        "route.nat-gateway-id", "route.transit-gateway-id", "route.origin", "route.state", "route.vpc-peering-connection-id", "vpc-id",
    ]

    public static let indexedFilters: [String: FilterIndex] = ["vpc-id": .vpc]

    public func filterValues(_ name: String, in state: CloudState, at now: Date) -> [String] {
        switch name {
        case "association.route-table-association-id": associations.map(\.id)
        case "association.route-table-id": associations.isEmpty ? [] : [id]
        case "association.subnet-id": associations.compactMap(\.subnetId)
        case "association.main": associations.isEmpty ? [] : [String(isMain)]
        case "owner-id": [scope.account]
        case "route-table-id": [id]
        case "route.destination-cidr-block": routes.compactMap { $0.destination.ipv4?.description }
        case "route.destination-ipv6-cidr-block":
            routes.compactMap { $0.destination.ipv6?.description }
        case "route.destination-prefix-list-id": routes.compactMap(\.destination.prefixListId)
        case "route.gateway-id": routes.compactMap(\.target.gatewayId)
        case "route.egress-only-internet-gateway-id": routes.compactMap(\.target.egressOnlyInternetGatewayId)
        case "route.transit-gateway-id": routes.compactMap(\.target.transitGatewayId)
        case "route.origin": routes.map(\.origin.rawValue)
        case "route.state": routes.map { state.state(of: $0, in: self, at: now).rawValue }
        case "route.vpc-peering-connection-id":
            routes.compactMap(\.target.vpcPeeringConnectionId)
        case "vpc-id": [tableVpcId]
        default: []
        }
    }
}
