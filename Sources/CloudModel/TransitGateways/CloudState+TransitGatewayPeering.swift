public import Foundation

/// DescribeTransitGatewayPeeringAttachments: the attachments either side sees.
extension CloudState {
    /// The filters AWS documents, besides `tag:<key>`, `tag-key` and `tag-value`.
    static let transitGatewayPeeringFilterNames: Set<String> = [
        "transit-gateway-attachment-id", "local-owner-id", "remote-owner-id", "state", "transit-gateway-id",
    ]

    /// Every peering attachment `viewer` is a side of, stored in its own region or in the requester's.
    public func transitGatewayPeeringAttachments(seenFrom viewer: AccountRegion) -> [TransitGatewayPeeringAttachment] {
        regions.values.flatMap { region in region.transitGatewayPeeringAttachments.values.filter { $0.involves(viewer) } }
    }

    /// The peering attachments `viewer` sees at `now` that `query` selects, in creation order.
    public func describeTransitGatewayPeeringAttachments(seenFrom viewer: AccountRegion, query: DescribeQuery, at now: Date) throws(EC2Error)
        -> Page<TransitGatewayPeeringAttachment>
    {
        for filter in query.filters where !(Self.transitGatewayPeeringFilterNames.contains(filter.name) || Self.isTagFilter(filter.name)) {
            throw .invalidFilter(filter.name)
        }
        let kind = TransitGatewayPeeringAttachment.idKind
        let candidates = try named(
            transitGatewayPeeringAttachments(seenFrom: viewer).filter { $0.isVisible(at: now) }, by: query, kind: kind, id: \.id)
        let selected = candidates.filter { attachment in
            query.filters.allSatisfy { filter in
                filter.matches(any: Self.filterValues(of: attachment, filter.name, seenFrom: viewer, at: now))
            }
        }
        return try paginate(selected, query: query) { ($0.createdAt, $0.id) }
    }

    private static func filterValues(of attachment: TransitGatewayPeeringAttachment, _ name: String, seenFrom viewer: AccountRegion, at now: Date)
        -> [String]
    {
        let local = viewer == attachment.scope
        // Tags are the requester's: the accepter's side has none.
        let tags = local ? attachment.tags : TagSet()
        return switch name {
        case "transit-gateway-attachment-id": [attachment.id]
        case "local-owner-id": [local ? attachment.scope.account : attachment.peerScope.account]
        case "remote-owner-id": [local ? attachment.peerScope.account : attachment.scope.account]
        case "state": [attachment.state(at: now)]
        case "transit-gateway-id": [local ? attachment.transitGatewayId : attachment.peerTransitGatewayId]
        case "tag-key": tags.map(\.key)
        case "tag-value": tags.map(\.value)
        default: name.hasPrefix("tag:") ? tags[String(name.dropFirst(4))].map { [$0] } ?? [] : []
        }
    }
}
