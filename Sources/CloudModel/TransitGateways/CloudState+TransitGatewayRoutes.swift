public import Addressing
public import Foundation

/// The pure lookups of transit gateway routing, for SearchTransitGatewayRoutes and for the evaluator: a route table's
/// routes, the route it gives an address, an attachment's table and its interface in a zone.
extension CloudState {
    /// The routes of `table` as AWS lists them, by destination: each static route, and each CIDR block of the VPC of
    /// every attachment propagating into it, unless a static route has the same prefix (static wins). A static route
    /// to an attachment that is gone (deleted) is a `blackhole`, as is one made as a blackhole.
    public func transitGatewayRoutes(of table: TransitGatewayRouteTable, at now: Date) -> [TransitGatewayRoute] {
        var routes: [TransitGatewayRoute] = []
        var staticPrefixes = Set<IPv4CIDR>()
        for route in table.staticRoutes {
            staticPrefixes.insert(route.destination)
            if let id = route.attachmentId, get(TransitGatewayAttachment.self, id, in: table.scope) == nil,
                let peering = transitGatewayPeeringAttachments(seenFrom: table.scope).first(where: { $0.id == id })
            {
                // A peering attachment carries traffic once accepted and available; its resource is the other gateway.
                let other = peering.transitGatewayId == table.transitGatewayId ? peering.peerTransitGatewayId : peering.transitGatewayId
                routes.append(
                    TransitGatewayRoute(
                        destination: route.destination, type: .static, state: peering.state(at: now) == "available" ? .active : .blackhole,
                        attachmentId: id, resourceId: other, resourceType: "peering"))
                continue
            }
            let attachment = route.attachmentId.flatMap { get(TransitGatewayAttachment.self, $0, in: table.scope) }
            let live = attachment.map { $0.isLive } ?? false
            routes.append(
                TransitGatewayRoute(
                    destination: route.destination, type: .static, state: live ? .active : .blackhole, attachmentId: route.attachmentId,
                    resourceId: attachment?.attachmentVpcId))
        }
        for attachmentId in table.propagatingAttachmentIds {
            guard let attachment = get(TransitGatewayAttachment.self, attachmentId, in: table.scope), attachment.isLive,
                let vpc = get(Vpc.self, attachment.attachmentVpcId, in: table.scope)
            else { continue }
            for block in vpc.ipv4Blocks where !staticPrefixes.contains(block) {
                routes.append(
                    TransitGatewayRoute(destination: block, type: .propagated, state: .active, attachmentId: attachment.id, resourceId: vpc.id))
            }
        }
        return routes.sorted { ($0.destination.description, $0.type.rawValue) < ($1.destination.description, $1.type.rawValue) }
    }

    /// The route `table` gives `address`: the longest prefix that contains it; among routes of equal prefix a static
    /// one wins. A `blackhole` answer means the packet is dropped; nil means no route.
    public func transitGatewayRoute(for address: IPv4Address, in table: TransitGatewayRouteTable, at now: Date) -> TransitGatewayRoute? {
        transitGatewayRoutes(of: table, at: now).filter { $0.destination.contains(address) }.max { a, b in
            if a.destination.prefixLength != b.destination.prefixLength { return a.destination.prefixLength < b.destination.prefixLength }
            return a.type == .propagated && b.type == .static
        }
    }

    /// The route table associated with `attachment`, which routes what enters the transit gateway through it.
    public func transitGatewayRouteTable(associatedWith attachment: TransitGatewayAttachment) -> TransitGatewayRouteTable? {
        attachment.associatedRouteTableId.flatMap { get(TransitGatewayRouteTable.self, $0, in: attachment.scope) }
    }

    /// The live attachments of `transitGatewayId` whose VPC is `vpcId`.
    public func transitGatewayAttachments(of transitGatewayId: String, vpcId: String, in scope: AccountRegion) -> [TransitGatewayAttachment] {
        self[scope].transitGatewayAttachments.values.filter { $0.transitGatewayId == transitGatewayId && $0.attachmentVpcId == vpcId && $0.isLive }
    }
}
