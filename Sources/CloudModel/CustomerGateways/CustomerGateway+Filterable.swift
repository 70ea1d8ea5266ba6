public import Foundation

/// DescribeCustomerGateways filters, as the EC2 API Reference documents them.
extension CustomerGateway: Filterable {
    public static let filterNames: Set<String> = ["bgp-asn", "customer-gateway-id", "ip-address", "state", "type"]

    public func filterValues(_ name: String, in state: CloudState, at now: Date) -> [String] {
        switch name {
        case "bgp-asn": [String(bgpAsn)]
        case "customer-gateway-id": [id]
        case "ip-address": ipAddress.map { [$0] } ?? []
        case "state": [self.state.rawValue]
        case "type": [type]
        default: []
        }
    }

    public func isVisible(at now: Date) -> Bool {
        deletedAt.map { now < $0.addingTimeInterval(VpnGateway.deletedVisibility) } ?? true
    }
}
