import Addressing
import CloudModel

extension Evaluator {
    /// Decides a flow by its first packet: the forward path and the reply path, on the walk `analyze` takes, building
    /// no strings and no hops.
    ///
    /// The reply's ACL checks use this flow's own ports (a reply from `destinationPort` to `sourcePort`), not the
    /// whole ephemeral range the analysis assumes; an ICMP echo request's reply is checked as an echo reply.
    /// With `checkingSecurityGroups: false` the groups are not asked (a tracked flow that is already accepted stays
    /// accepted when a rule is removed, while ACLs, routes and peerings apply at once): the data plane re-decides
    /// live flows that way after a state change.
    ///
    /// What the data plane cannot carry is dropped: a packet whose protocol does not fit its addresses (ICMP over IPv6,
    /// ICMPv6 over IPv4, two families) or another protocol through a NAT gateway (`protocolRestriction`); a source
    /// address the interface does not hold while its source/destination check is on, an unknown interface, a
    /// destination that is not one of the VPC's public or IPv6 addresses from the internet, and traffic routed to a
    /// gateway endpoint, which has no AWS service behind it here (`noPossibleDestination`).
    ///
    /// The evaluator's scope does not matter here: interfaces, tables, ACLs, groups and peerings are found across every
    /// account and region, so one evaluator over a snapshot decides every flow of it.
    public func decide(_ packet: FlowPacket, from origin: FlowOrigin, checkingSecurityGroups: Bool = true) -> FlowVerdict {
        guard let traffic = packet.traffic else { return .dropped(.protocolRestriction) }
        let walk = PathWalk(traffic: traffic, mode: .deciding(replyPort: Int(packet.sourcePort), checkingSecurityGroups: checkingSecurityGroups))
        let source: NetworkInterface?
        switch origin {
        case .networkInterface(let id):
            guard let interface = interfacesById[id], interface.holds(packet.source) || !interface.sourceDestCheck else {
                return .dropped(.noPossibleDestination)
            }
            source = interface
            walk.fromInterface(self, interface, sending: packet.source, to: destination(of: packet.destination, from: interface))
        case .internet(let vpcId):
            guard let target = destination(ofInternetPacketTo: packet.destination, in: vpcId) else { return .dropped(.noPossibleDestination) }
            source = nil
            walk.arrive(self, at: target, address: packet.destination, from: nil, sourceAddress: packet.source, via: .internet)
        }
        if let stop = walk.stop {
            if stop.direction == .return, let delivery = walk.delivery { return .repliesBlocked(delivery: delivery, by: stop.code, at: walk.side) }
            return .dropped(stop.code, stop.direction, at: walk.side)
        }
        // A walk that ends without a reason and without a delivery found nothing to deliver to.
        guard let delivery = walk.delivery else { return .dropped(.noPossibleDestination) }
        let tracked = !checkingSecurityGroups || isTracked(traffic, ipv6: packet.destination.isIPv6, from: source, delivery: delivery)
        return FlowVerdict(delivery: delivery, tracked: tracked)
    }

    /// Where a packet from `source` to `address` is going: the interface behind a public address, the interface at a
    /// private address in the sender's VPC, then in the VPC the sender's route leads to (peers may overlap), then
    /// anywhere (so that the walk can say why it is not reached), else the internet.
    func destination(of address: IPAddress, from source: NetworkInterface) -> Destination {
        if let (interface, _) = address.ipv4.flatMap({ interfacesByPublicIp[$0] }) {
            return .interface(interface, address: address, viaPublicAddress: true)
        }
        if let interface = interfacesByPrivateIp[source.interfaceVpcId]?[address] {
            return .interface(interface, address: address, viaPublicAddress: false)
        }
        guard let anywhere = anyInterfaceByPrivateIp[address] else { return .internet(address, gateway: nil) }
        return .interface(routedPeerInterface(at: address, from: source) ?? anywhere, address: address, viaPublicAddress: false)
    }

    /// The interface at `address` in the VPC that `source`'s route for it leads to, if the route is to a peering or to a
    /// transit gateway (whose table, associated with the source VPC's attachment, sends the address to a VPC).
    func routedPeerInterface(at address: IPAddress, from source: NetworkInterface) -> NetworkInterface? {
        guard let route = route(from: source.subnetId, to: address)?.route else { return nil }
        switch route.target {
        case .vpcPeeringConnection(let id):
            guard let peering = state.peering(id) else { return nil }
            let peerVpc = peering.requester.vpcId == source.interfaceVpcId ? peering.accepter.vpcId : peering.requester.vpcId
            return interfacesByPrivateIp[peerVpc]?[address]
        case .transitGateway(let gateway):
            guard let attachment = transitGateways.attachment(of: gateway, vpcId: source.interfaceVpcId),
                let table = transitGateways.table(associatedWith: attachment), let ipv4 = address.ipv4,
                let next = transitGateways.route(for: ipv4, in: table.id)?.attachmentId,
                let vpc = transitGateways.attachments[next]?.attachmentVpcId
            else { return nil }
            return interfacesByPrivateIp[vpc]?[address]
        default: return nil
        }
    }

    /// The interface a packet from the internet reaches at `vpcId`'s internet gateway: the one a public IPv4 address
    /// maps to, or the one holding an IPv6 address, in that VPC.
    func destination(ofInternetPacketTo address: IPAddress, in vpcId: String) -> NetworkInterface? {
        let interface =
            switch address {
            case .v4(let address): interfacesByPublicIp[address]?.interface
            case .v6: interfacesByPrivateIp[vpcId]?[address]
            }
        return interface?.interfaceVpcId == vpcId ? interface : nil
    }
}
