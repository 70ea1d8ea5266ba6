public import Foundation

/// DescribeInternetGateways filters, as the EC2 API Reference documents them.
extension InternetGateway: Filterable {
    public static let filterNames: Set<String> = ["attachment.state", "attachment.vpc-id", "internet-gateway-id", "owner-id"]

    public static let indexedFilters: [String: FilterIndex] = ["attachment.vpc-id": .vpc]

    public func filterValues(_ name: String, in state: CloudState, at now: Date) -> [String] {
        switch name {
        case "attachment.state": attachedVpcId == nil ? [] : ["available"]
        case "attachment.vpc-id": attachedVpcId.map { [$0] } ?? []
        case "internet-gateway-id": [id]
        case "owner-id": [scope.account]
        default: []
        }
    }
}
