import Addressing
public import CloudModel
public import Foundation

/// Transit gateways in the topology: a gateway's namespace exists while it is `available` and has an `available` VPC
/// attachment whose VPC has a router; each such attachment is a link between that router and the gateway, and each
/// `available` peering attachment between two such gateways a link between their namespaces.
extension DataPlaneTopology {
    /// The transit gateways `state` asks for at `now`, given the VPC routers it asks for; adds each attachment's link to
    /// its VPC's router.
    static func transitGateways(in state: CloudState, at now: Date, routers: inout [String: VpcRouter]) -> [String: TransitGatewayRouter] {
        var gateways: [String: TransitGatewayRouter] = [:]
        for region in state.regions.values {
            for attachment in region.transitGatewayAttachments.values where attachment.state(at: now) == .available {
                guard routers[attachment.attachmentVpcId] != nil,
                    let gateway = state.get(TransitGateway.self, attachment.transitGatewayId, in: attachment.scope),
                    gateway.state(at: now) == .available
                else { continue }
                var router = gateways[gateway.id] ?? TransitGatewayRouter(transitGatewayId: gateway.id)
                router.attachments[attachment.id] = attachment.attachmentVpcId
                if let tableId = state.transitGatewayRouteTable(associatedWith: attachment)?.id { router.associations[attachment.id] = tableId }
                routers[attachment.attachmentVpcId]?.links.append(router.link(of: attachment.id))
                gateways[gateway.id] = router
            }
        }
        // A peering between two gateways that both have a namespace is a link between them; each side routes what
        // arrives by it with the route table it associated the peering with.
        for region in state.regions.values {
            for peering in region.transitGatewayPeeringAttachments.values where peering.state(at: now) == "available" {
                let (a, b) = (peering.transitGatewayId, peering.peerTransitGatewayId)
                guard gateways[a] != nil, gateways[b] != nil else { continue }
                for (side, other) in [(a, b), (b, a)] {
                    gateways[side]!.peerings[peering.id] = other
                    if let tableId = peering.associatedRouteTableId(on: side) { gateways[side]!.associations[peering.id] = tableId }
                }
            }
        }
        for (id, var router) in gateways {
            guard let scope = state.regions.values.lazy.compactMap({ $0.transitGateways[id]?.scope }).first else { continue }
            for table in state[scope].transitGatewayRouteTables.values where table.transitGatewayId == id && table.isLive {
                router.routeTables[table.id] = state.transitGatewayRoutes(of: table, at: now).map { route in
                    let target: TransitGatewayRouter.Route.Target
                    if route.state == .active, let attachmentId = route.attachmentId, router.links(attachmentId) {
                        target = .attachment(attachmentId)
                    } else {
                        target = .blackhole
                    }
                    return TransitGatewayRouter.Route(destination: route.destination, target: target)
                }
            }
            gateways[id] = router
        }
        return gateways
    }

    /// When the topology `state` asks for changes next with no change to the state, only because time passes: a
    /// transit gateway, attachment or route table leaving `pending` (their states follow the clock), or a transit
    /// gateway peering attachment becoming `available`. nil when nothing is waiting.
    public static func nextTransition(in state: CloudState, after now: Date) -> Date? {
        var moments: [Date] = []
        for region in state.regions.values {
            moments += region.transitGateways.values.filter(\.isLive).map(\.createdAt)
            moments += region.transitGatewayAttachments.values.filter(\.isLive).map(\.createdAt)
            moments += region.transitGatewayRouteTables.values.filter(\.isLive).map(\.createdAt)
            moments += region.transitGatewayPeeringAttachments.values.filter { $0.status == .accepted }.map(\.statusChangedAt)
        }
        return moments.map { $0.addingTimeInterval(TransitGatewayLifecycle.transitionTime) }.filter { $0 > now }.min()
    }
}
