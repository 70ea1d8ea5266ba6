import Addressing
import CloudModel

extension PathWalk {
    /// How a packet went through a transit gateway: in by the sending VPC's attachment, out by `targetAttachmentId` (the
    /// receiving VPC's attachment, or the peering attachment it leaves for the peer gateway), into the receiving VPC by
    /// the attachment interface in `exitSubnetId`.
    struct TransitGatewayPassage: Hashable {
        let gatewayId: String
        let attachmentId: String
        let targetAttachmentId: String
        let exitSubnetId: String
    }

    // MARK: Through a transit gateway

    /// A packet a route sends to a transit gateway: through it to `target` (an interface at a private address of another
    /// attached VPC), then the destination's side and the reply as for any crossing.
    func throughTransitGateway(
        _ e: Evaluator, _ gatewayId: String, from source: NetworkInterface, sourceAddress: IPAddress, to address: IPAddress,
        target: NetworkInterface?
    ) {
        guard
            let passage = crossTransitGateway(
                e, gatewayId, from: source, packetSource: sourceAddress, to: address, toward: target, ports: portRange, .forward),
            let target
        else { return }
        arrive(e, at: target, address: address, from: source, sourceAddress: sourceAddress, via: .transitGateway(passage))
    }

    /// One crossing of the transit gateway `gatewayId`, as AWS routes it, from `sender`'s VPC toward `receiver` (nil: no
    /// interface of ours holds the address; the walk stops once the route is known).
    ///
    /// - The packet enters by the sending VPC's attachment interface in the sender's Availability Zone: with no subnet of
    ///   the attachment there, AWS does not route it (`TGW_ROUTE_AZ_RESTRICTION`: "The VPC attachment must have a subnet
    ///   association in the Availability Zone").
    /// - Network ACLs ("Network ACLs for transit gateways", Transit Gateways guide): the attachment subnet's *inbound*
    ///   rules judge the packet by its source on its way from the instances to the transit gateway, its *outbound* rules
    ///   by its destination on the way from the transit gateway to the instances; the instance subnet's own ACL is asked
    ///   by the caller (out by destination, in by source), except that traffic from the transit gateway to instances in
    ///   the attachment's own subnet is not evaluated at all.
    /// - The route table associated with the *entry* attachment routes it: longest prefix, static over propagated on
    ///   equal prefixes, a blackhole drops; no association drops.
    /// - It leaves by the target attachment's interface in the zone it entered in when that attachment has one there,
    ///   else in another zone (AWS, "Appliance mode": without it the transit gateway keeps traffic in the originating
    ///   Availability Zone until it reaches its destination, crossing zones only when the attachment has no subnet in
    ///   that zone).
    ///
    /// - A route to a peering attachment (static: AWS propagates nothing across a peering) leads to the peer gateway,
    ///   where the route table the peer's side associated the peering with routes on, to one of the peer's VPCs.
    ///
    /// Returns the passage, or nil when blocked (the walk records why).
    func crossTransitGateway(
        _ e: Evaluator, _ gatewayId: String, from sender: NetworkInterface, packetSource: IPAddress, to destination: IPAddress,
        toward receiver: NetworkInterface?, ports: ClosedRange<Int>?, _ direction: Explanation.Direction
    ) -> TransitGatewayPassage? {
        let routing = e.transitGateways
        let gatewayHop = PathComponent(.transitGateway, gatewayId)
        guard let attachment = routing.attachment(of: gatewayId, vpcId: sender.interfaceVpcId), attachment.state(at: e.now) == .available else {
            block(
                .badStateAttachment, direction, gatewayHop, "\(sender.interfaceVpcId) has no available attachment to \(gatewayId).")
            return nil
        }
        func attachmentHop(_ attachment: TransitGatewayAttachment, subnetId: String?) -> PathComponent {
            PathComponent(.transitGatewayAttachment, attachment.id, vpcId: attachment.attachmentVpcId, subnetId: subnetId)
        }
        guard let entry = attachment.interface(inZone: sender.availabilityZone) else {
            block(
                .tgwRouteAzRestriction, direction, attachmentHop(attachment, subnetId: nil),
                "\(attachment.id) has no subnet in \(sender.availabilityZone), where \(sender.id) sends from: "
                    + "\(gatewayId) does not route traffic from that zone.")
            return nil
        }
        guard aclAllows(e, subnetId: entry.subnetId, egress: false, peer: packetSource, ports: ports, direction) else { return nil }
        hop(attachmentHop(attachment, subnetId: entry.subnetId), direction)
        hop(gatewayHop, direction)
        guard let table = routing.table(associatedWith: attachment) else {
            block(
                .tgwAttachMissingTgwRtbAssociation, direction, attachmentHop(attachment, subnetId: entry.subnetId),
                "\(attachment.id) is associated with no route table of \(gatewayId), so nothing routes what enters by it.",
                fix: routing.tableToAssociate(on: gatewayId).map {
                    .associateTransitGatewayRouteTable(routeTableId: $0.id, attachmentId: attachment.id)
                })
            return nil
        }
        guard let address = destination.ipv4 else {
            block(
                .tgwRtbNoRouteToTgwAttachment, direction, PathComponent(.transitGatewayRouteTable, table.id),
                "\(table.id) routes IPv4 only in LocalVPC; \(destination) is IPv6.")
            return nil
        }
        guard let (route, next) = self.route(e, in: table, of: gatewayId, to: address, toward: receiver, direction) else { return nil }
        var out = routing.attachments[next]
        var leavingBy = next
        if out == nil, let peering = routing.peerings[next] {
            // Across a peering attachment to the peer gateway, whose table associated with the peering routes on. AWS
            // propagates nothing across a peering: only static routes lead here, and on from the peer to one of its VPCs.
            let peeringHop = PathComponent(.transitGatewayAttachment, peering.id)
            guard peering.state(at: e.now) == "available" else {
                block(.badStateAttachment, direction, peeringHop, "\(peering.id) is \(peering.state(at: e.now)), not available.")
                return nil
            }
            hop(peeringHop, direction)
            let peer = peering.otherGateway(than: gatewayId)
            hop(PathComponent(.transitGateway, peer), direction)
            guard let peerTable = peering.associatedRouteTableId(on: peer).flatMap({ routing.tables[$0] }) else {
                block(
                    .tgwAttachMissingTgwRtbAssociation, direction, peeringHop,
                    "\(peering.id) is associated with no route table of \(peer), so nothing routes what arrives from \(gatewayId).",
                    fix: routing.tableToAssociate(on: peer).map { .associateTransitGatewayRouteTable(routeTableId: $0.id, attachmentId: peering.id) })
                return nil
            }
            guard let (peerRoute, peerNext) = self.route(e, in: peerTable, of: peer, to: address, toward: receiver, direction) else { return nil }
            guard let vpcAttachment = routing.attachments[peerNext] else {
                block(
                    .noPossibleDestination, direction,
                    PathComponent(.transitGatewayRouteTable, peerTable.id, matched: .transitGatewayRoute(peerRoute)),
                    "The route \(peerRoute.destination) in \(peerTable.id) leads on to \(peerNext); LocalVPC follows one transit gateway peering per path."
                )
                return nil
            }
            out = vpcAttachment
            leavingBy = peering.id
        }
        guard let out else {
            block(
                .noPossibleDestination, direction, PathComponent(.transitGatewayRouteTable, table.id, matched: .transitGatewayRoute(route)),
                "The route \(route.destination) in \(table.id) leads to \(next), which carries no traffic.")
            return nil
        }
        guard out.state(at: e.now) == .available else {
            block(.badStateAttachment, direction, attachmentHop(out, subnetId: nil), "\(out.id) is \(out.state(at: e.now).rawValue), not available.")
            return nil
        }
        let wanted = receiver.flatMap { routing.attachment(of: gatewayId, vpcId: $0.interfaceVpcId) }
        guard let receiver, receiver.interfaceVpcId == out.attachmentVpcId else {
            let sendsElsewhere = wanted.map { w in
                routing.routes[table.id]?.contains { $0.attachmentId == w.id && $0.destination.contains(address) } == true
            }
            block(
                sendsElsewhere == true ? .tgwRtbMoreSpecificRoute : .noPossibleDestination, direction,
                PathComponent(.transitGatewayRouteTable, table.id, matched: .transitGatewayRoute(route)),
                "The route \(route.destination) in \(table.id) sends \(destination) to \(out.attachmentVpcId)"
                    + (receiver.map { ", but the destination is in \($0.interfaceVpcId)." } ?? ", where no interface LocalVPC knows has it."))
            return nil
        }
        guard let exit = out.interface(inZone: sender.availabilityZone) ?? out.subnetInterfaces.first else {
            block(.badStateAttachment, direction, attachmentHop(out, subnetId: nil), "\(out.id) has no subnet to leave by.")
            return nil
        }
        hop(attachmentHop(out, subnetId: exit.subnetId), direction)
        if exit.subnetId != receiver.subnetId {
            guard aclAllows(e, subnetId: exit.subnetId, egress: true, peer: destination, ports: ports, direction) else { return nil }
        }
        return TransitGatewayPassage(gatewayId: gatewayId, attachmentId: attachment.id, targetAttachmentId: leavingBy, exitSubnetId: exit.subnetId)
    }

    /// The route `table` (of `gatewayId`) gives `address`, and the attachment it leads to; nil, recorded, when the table has
    /// no route for it or a blackhole.
    func route(
        _ e: Evaluator, in table: TransitGatewayRouteTable, of gatewayId: String, to address: IPv4Address, toward receiver: NetworkInterface?,
        _ direction: Explanation.Direction
    ) -> (TransitGatewayRoute, String)? {
        let routing = e.transitGateways
        let tableHop = PathComponent(.transitGatewayRouteTable, table.id)
        let wanted = receiver.flatMap { routing.attachment(of: gatewayId, vpcId: $0.interfaceVpcId) }
        guard let route = routing.route(for: address, in: table.id) else {
            let toWanted = wanted.map { w in routing.routes[table.id]?.contains { $0.attachmentId == w.id } == true } ?? false
            block(
                toWanted ? .tgwRtbCannotRoute : .tgwRtbNoRouteToTgwAttachment, direction, tableHop,
                "\(table.id) has no route to \(address)"
                    + (wanted.map { toWanted ? " (its routes to \($0.id) do not cover it)." : " nor any to \($0.id)." } ?? "."),
                fix: wanted.flatMap { w in
                    table.propagatingAttachmentIds.contains(w.id)
                        ? nil : .enableTransitGatewayRouteTablePropagation(routeTableId: table.id, attachmentId: w.id)
                })
            return nil
        }
        let matchedHop = PathComponent(.transitGatewayRouteTable, table.id, matched: .transitGatewayRoute(route))
        guard route.state == .active, let next = route.attachmentId else {
            block(
                .tgwRtbBadStateRoute, direction, matchedHop, "The route \(route.destination) in \(table.id) is a blackhole: it drops \(address).",
                fix: wanted.flatMap { w in
                    route.type == .static
                        ? .replaceTransitGatewayRoute(routeTableId: table.id, destination: route.destination.description, attachmentId: w.id) : nil
                })
            return nil
        }
        hop(matchedHop, direction)
        return (route, next)
    }
}
