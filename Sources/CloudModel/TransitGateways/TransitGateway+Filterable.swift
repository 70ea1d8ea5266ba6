public import Foundation

/// DescribeTransitGateways filters, as the EC2 API Reference documents them.
extension TransitGateway: Filterable {
    public static let filterNames: Set<String> = [
        "options.propagation-default-route-table-id", "options.amazon-side-asn", "options.association-default-route-table-id",
        "options.auto-accept-shared-attachments", "options.default-route-table-association", "options.default-route-table-propagation",
        "options.dns-support", "options.vpn-ecmp-support", "owner-id", "state", "transit-gateway-id",
    ]

    public func filterValues(_ name: String, in state: CloudState, at now: Date) -> [String] {
        switch name {
        case "options.propagation-default-route-table-id": propagationDefaultRouteTableId.map { [$0] } ?? []
        case "options.amazon-side-asn": [String(options.amazonSideAsn)]
        case "options.association-default-route-table-id": associationDefaultRouteTableId.map { [$0] } ?? []
        case "options.auto-accept-shared-attachments": [Self.enabled(options.autoAcceptSharedAttachments)]
        case "options.default-route-table-association": [Self.enabled(options.defaultRouteTableAssociation)]
        case "options.default-route-table-propagation": [Self.enabled(options.defaultRouteTablePropagation)]
        case "options.dns-support": [Self.enabled(options.dnsSupport)]
        case "options.vpn-ecmp-support": [Self.enabled(options.vpnEcmpSupport)]
        case "owner-id": [scope.account]
        case "state": [self.state(at: now).rawValue]
        case "transit-gateway-id": [id]
        default: []
        }
    }

    /// `enable` or `disable`, as AWS spells the transit gateway's switches.
    public static func enabled(_ value: Bool) -> String { value ? "enable" : "disable" }
}
