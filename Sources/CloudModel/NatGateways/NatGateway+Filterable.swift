public import Foundation

/// DescribeNatGateways filters, as the EC2 API Reference documents them.
extension NatGateway: Filterable {
    public static let filterNames: Set<String> = ["nat-gateway-id", "state", "subnet-id", "vpc-id"]

    public static let indexedFilters: [String: FilterIndex] = ["vpc-id": .vpc]

    public func filterValues(_ name: String, in state: CloudState, at now: Date) -> [String] {
        switch name {
        case "nat-gateway-id": [id]
        case "state": [self.state.rawValue]
        case "subnet-id": [subnetId]
        case "vpc-id": [natVpcId]
        default: []
        }
    }
}
