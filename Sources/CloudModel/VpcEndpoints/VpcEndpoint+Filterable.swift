public import Foundation

/// DescribeVpcEndpoints filters, as the EC2 API Reference documents them.
extension VpcEndpoint: Filterable {
    public static let filterNames: Set<String> = [
        "ip-address-type", "service-name", "service-region", "vpc-id", "vpc-endpoint-id", "vpc-endpoint-state", "vpc-endpoint-type",
    ]

    public static let indexedFilters: [String: FilterIndex] = ["vpc-id": .vpc]

    public func filterValues(_ name: String, in state: CloudState, at now: Date) -> [String] {
        switch name {
        case "ip-address-type": [ipAddressType.rawValue]
        case "service-name": [serviceName]
        case "service-region": [scope.region]
        case "vpc-id": [endpointVpcId]
        case "vpc-endpoint-id": [id]
        case "vpc-endpoint-state": [self.state(at: now).rawValue]
        case "vpc-endpoint-type": [endpointType.rawValue]
        default: []
        }
    }
}
