public import Foundation

/// DescribeTransitGatewayVpcAttachments filters, as the EC2 API Reference documents them.
extension TransitGatewayAttachment: Filterable {
    public static let filterNames: Set<String> = ["state", "transit-gateway-attachment-id", "transit-gateway-id", "vpc-id"]

    public static let indexedFilters: [String: FilterIndex] = ["vpc-id": .vpc]

    public func filterValues(_ name: String, in state: CloudState, at now: Date) -> [String] {
        switch name {
        case "state": [self.state(at: now).rawValue]
        case "transit-gateway-attachment-id": [id]
        case "transit-gateway-id": [transitGatewayId]
        case "vpc-id": [attachmentVpcId]
        default: []
        }
    }
}
