public import Foundation

/// DescribeTransitGatewayAttachments: the caller's VPC attachments and the peering attachments either side sees, as
/// one list.
extension CloudState {
    /// One attachment of any kind, as DescribeTransitGatewayAttachments lists it from one side.
    public enum AnyTransitGatewayAttachment: Sendable {
        case vpc(TransitGatewayAttachment)
        case peering(TransitGatewayPeeringAttachment, seenFrom: AccountRegion)

        public var id: String {
            switch self {
            case .vpc(let attachment): attachment.id
            case .peering(let attachment, _): attachment.id
            }
        }

        var createdAt: Date {
            switch self {
            case .vpc(let attachment): attachment.createdAt
            case .peering(let attachment, _): attachment.createdAt
            }
        }
    }

    /// The attachments `viewer` sees at `now` that `query` selects, in creation order.
    public func describeAnyTransitGatewayAttachments(seenFrom viewer: AccountRegion, query: DescribeQuery, at now: Date) throws(EC2Error)
        -> Page<AnyTransitGatewayAttachment>
    {
        let filters = TransitGatewayAttachment.canonicalFilters(query.filters)
        for filter in filters where !TransitGatewayAttachment.accepts(filter: filter.name) { throw .invalidFilter(filter.name) }
        let vpcAttachments = self[viewer].transitGatewayAttachments.values.filter { $0.isVisible(at: now) }
        let peerings = transitGatewayPeeringAttachments(seenFrom: viewer).filter { $0.isVisible(at: now) }
        let candidates = try named(
            vpcAttachments.map(AnyTransitGatewayAttachment.vpc) + peerings.map { .peering($0, seenFrom: viewer) }, by: query,
            kind: TransitGatewayAttachment.idKind, id: \.id)
        let selected = candidates.filter { candidate in
            switch candidate {
            case .vpc(let attachment): attachment.matches(filters, in: self, at: now)
            case .peering(let attachment, let viewer):
                filters.allSatisfy { filter in
                    filter.matches(any: Self.attachmentFilterValues(of: attachment, filter.name, seenFrom: viewer, at: now))
                }
            }
        }
        return try paginate(selected, query: query) { ($0.createdAt, $0.id) }
    }

    /// DescribeTransitGatewayAttachments' filter values of a peering attachment, from `viewer`'s side.
    static func attachmentFilterValues(of attachment: TransitGatewayPeeringAttachment, _ name: String, seenFrom viewer: AccountRegion, at now: Date)
        -> [String]
    {
        let local = viewer == attachment.scope
        let tags = local ? attachment.tags : TagSet()
        return switch name {
        case "resource-id": [local ? attachment.peerTransitGatewayId : attachment.transitGatewayId]
        case "resource-owner-id": [local ? attachment.peerScope.account : attachment.scope.account]
        case "resource-type": ["peering"]
        case "state": [attachment.state(at: now)]
        case "transit-gateway-attachment-id": [attachment.id]
        case "transit-gateway-id": [local ? attachment.transitGatewayId : attachment.peerTransitGatewayId]
        case "transit-gateway-owner-id": [viewer.account]
        case "tag-key": tags.map(\.key)
        case "tag-value": tags.map(\.value)
        default: name.hasPrefix("tag:") ? tags[String(name.dropFirst(4))].map { [$0] } ?? [] : []
        }
    }
}
