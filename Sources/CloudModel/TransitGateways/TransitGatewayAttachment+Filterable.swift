public import Foundation

/// DescribeTransitGatewayVpcAttachments and DescribeTransitGatewayAttachments filters, as the EC2 API Reference
/// documents them: one set for both, since the same attachments answer both calls.
extension TransitGatewayAttachment: Filterable {
    public static let filterNames: Set<String> = [
        "association.state", "association.transit-gateway-route-table-id", "resource-id", "resource-owner-id", "resource-type", "state",
        "transit-gateway-attachment-id", "transit-gateway-id", "transit-gateway-owner-id", "vpc-id",
    ]

    public static let indexedFilters: [String: FilterIndex] = ["vpc-id": .vpc]

    public func filterValues(_ name: String, in state: CloudState, at now: Date) -> [String] {
        switch name {
        case "association.state": associatedRouteTableId == nil ? [] : ["associated"]
        case "association.transit-gateway-route-table-id": associatedRouteTableId.map { [$0] } ?? []
        case "resource-id": [attachmentVpcId]
        case "resource-owner-id", "transit-gateway-owner-id": [scope.account]
        case "resource-type": [resourceType]
        case "state": [self.state(at: now).rawValue]
        case "transit-gateway-attachment-id": [id]
        case "transit-gateway-id": [transitGatewayId]
        case "vpc-id": [attachmentVpcId]
        default: []
        }
    }
}
