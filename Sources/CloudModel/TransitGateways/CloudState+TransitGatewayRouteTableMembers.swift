public import Foundation

/// GetTransitGatewayRouteTableAssociations and GetTransitGatewayRouteTablePropagations: the attachments a route table
/// routes for, and those that propagate into it.
extension CloudState {
    /// Which of a route table's attachment lists to read.
    public enum TransitGatewayRouteTableMembership: Sendable {
        case associations, propagations
    }

    /// The filters AWS documents for both calls.
    public static let transitGatewayRouteTableMemberFilterNames: Set<String> = ["resource-id", "resource-type", "transit-gateway-attachment-id"]

    /// The live attachments associated with (or propagating into) the caller's route table `routeTableId` that pass
    /// every filter, by id.
    public func transitGatewayRouteTableMembers(
        _ routeTableId: String, _ membership: TransitGatewayRouteTableMembership, filters: [Filter], in scope: AccountRegion
    ) throws(EC2Error) -> [TransitGatewayAttachment] {
        try TransitGatewayRouteTable.idKind.validate(routeTableId)
        guard let table = get(TransitGatewayRouteTable.self, routeTableId, in: scope), table.isLive else {
            throw TransitGatewayRouteTable.idKind.notFound([routeTableId])
        }
        for filter in filters where !Self.transitGatewayRouteTableMemberFilterNames.contains(filter.name) { throw .invalidFilter(filter.name) }
        let attachments = self[scope].transitGatewayAttachments.values.filter { attachment in
            guard attachment.isLive else { return false }
            return switch membership {
            case .associations: attachment.associatedRouteTableId == table.id
            case .propagations: table.propagatingAttachmentIds.contains(attachment.id)
            }
        }
        return attachments.filter { attachment in
            filters.allSatisfy { filter in
                let values =
                    switch filter.name {
                    case "resource-id": [attachment.attachmentVpcId]
                    case "resource-type": [attachment.resourceType]
                    default: [attachment.id]
                    }
                return filter.matches(any: values)
            }
        }.sorted { $0.id < $1.id }
    }
}
