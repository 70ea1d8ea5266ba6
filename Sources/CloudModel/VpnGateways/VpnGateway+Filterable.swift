public import Foundation

/// DescribeVpnGateways filters, as the EC2 API Reference documents them.
extension VpnGateway: Filterable {
    public static let filterNames: Set<String> = [
        "amazon-side-asn", "attachment.state", "attachment.vpc-id", "availability-zone", "state", "type", "vpn-gateway-id",
    ]

    public func filterValues(_ name: String, in state: CloudState, at now: Date) -> [String] {
        switch name {
        case "amazon-side-asn": [String(amazonSideAsn)]
        case "attachment.state": attachment.map { [$0.state.rawValue] } ?? []
        case "attachment.vpc-id": attachment.map { [$0.vpcId] } ?? []
        case "availability-zone": availabilityZone.map { [$0] } ?? []
        case "state": [self.state.rawValue]
        case "type": [type]
        case "vpn-gateway-id": [id]
        default: []
        }
    }

    public func isVisible(at now: Date) -> Bool {
        deletedAt.map { now < $0.addingTimeInterval(Self.deletedVisibility) } ?? true
    }
}
