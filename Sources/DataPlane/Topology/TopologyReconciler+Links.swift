import Addressing
import Foundation

/// The links between routers (peerings), from routers to the internet (internet, egress-only and NAT gateways) and
/// from routers to transit gateways (`TopologyReconciler+TransitGateways`).
extension TopologyReconciler {
    func makeLink(_ link: RouterLink, in vpcId: String) throws {
        guard let router = routers[vpcId] else { return }
        switch link.destination {
        case .networkInterface: return
        case .transitGatewayAttachment(let attachmentId, let transitGatewayId):
            try makeTransitGatewayLink(link, attachmentId: attachmentId, transitGatewayId: transitGatewayId, in: vpcId)
        case .vpcPeeringConnection(_, let peerVpcId):
            // Made once, from the side whose VPC id sorts first, with both ends configured.
            guard let peer = routers[peerVpcId], vpcId < peerVpcId else { return }
            let here = try allocate(link.name, in: vpcId)
            let there = try allocate(link.name, in: peerVpcId)
            let create =
                "link add \(link.name) index \(here) address \(LinkAddress.mac(of: link.name, in: router.namespace)) mtu \(link.mtu) type veth "
                + "peer name \(link.name) netns \(peer.namespace) index \(there) address \(LinkAddress.mac(of: link.name, in: peer.namespace)) mtu \(link.mtu)"
            do {
                try ip(router.namespace, [create] + Self.routedBy(link.name, index: here, farEnd: LinkAddress.mac(of: link.name, in: peer.namespace)))
                try ip(peer.namespace, Self.routedBy(link.name, index: there, farEnd: LinkAddress.mac(of: link.name, in: router.namespace)))
            } catch {
                try? ip(router.namespace, ["link del \(link.name)"], force: true)
                indexes[vpcId]?.release(link.name)
                indexes[peerVpcId]?.release(link.name)
                throw error
            }
            routers[vpcId]?.links.append(link)
            if case .vpcPeeringConnection(let id, _) = link.destination {
                routers[peerVpcId]?.links.append(RouterLink(destination: .vpcPeeringConnection(id, peerVpcId: vpcId), mtu: link.mtu))
            }
            let (nearMac, farMac) = (LinkAddress.mac(of: link.name, in: router.namespace), LinkAddress.mac(of: link.name, in: peer.namespace))
            fastPath?.attach(namespace: router.namespace, link: link.name, index: here, mtu: link.mtu, nearMac: nearMac, farMac: farMac)
            fastPath?.attach(namespace: peer.namespace, link: link.name, index: there, mtu: link.mtu, nearMac: farMac, farMac: nearMac)
        case .internetGateway, .natGateway, .egressOnlyInternetGateway:
            let index = try allocate(link.name, in: vpcId)
            let create =
                "link add \(link.name) index \(index) address \(LinkAddress.mac(of: link.name, in: router.namespace)) mtu \(link.mtu) type veth "
                + "peer name \(link.name) netns \(internetNamespace) address \(LinkAddress.mac(of: link.name, in: internetNamespace)) mtu \(link.mtu)"
            do {
                try ip(
                    router.namespace, [create] + Self.routedBy(link.name, index: index, farEnd: LinkAddress.mac(of: link.name, in: internetNamespace))
                )
                try ip(
                    internetNamespace,
                    [
                        "link set \(link.name) up",
                        "neigh replace \(LinkAddress.nextHop) lladdr \(LinkAddress.mac(of: link.name, in: router.namespace)) dev \(link.name) nud permanent",
                        "neigh replace \(LinkAddress.ipv6NextHop) lladdr \(LinkAddress.mac(of: link.name, in: router.namespace)) dev \(link.name) nud permanent",
                    ])
            } catch {
                try? ip(router.namespace, ["link del \(link.name)"], force: true)
                indexes[vpcId]?.release(link.name)
                throw error
            }
            routers[vpcId]?.links.append(link)
        }
    }

    /// Up, and the table its flows are routed by: everything to the far end (a permanent neighbour, no ARP).
    static func routedBy(_ link: String, index: Int32, farEnd mac: String) -> [String] {
        let table = LinkIndexes.table(of: index)
        return [
            "link set \(link) up",
            "neigh replace \(LinkAddress.nextHop) lladdr \(mac) dev \(link) nud permanent",
            "neigh replace \(LinkAddress.ipv6NextHop) lladdr \(mac) dev \(link) nud permanent",
            "rule add fwmark \(index) lookup \(table)",
            "route add default via \(LinkAddress.nextHop) dev \(link) onlink table \(table)",
            "route add ::/0 via \(LinkAddress.ipv6NextHop) dev \(link) table \(table)",
        ]
    }

    func removeLink(_ link: RouterLink, from vpcId: String) {
        guard let router = routers[vpcId], router.link(named: link.name) != nil else { return }
        fastPath?.detach(namespace: router.namespace, link: link.name)
        var commands = ["link del \(link.name)"]
        if let index = indexes[vpcId]?[link.name] { commands.append("rule del fwmark \(index) lookup \(LinkIndexes.table(of: index))") }
        try? ip(router.namespace, commands, force: true)
        indexes[vpcId]?.release(link.name)
        routers[vpcId]?.links.removeAll { $0.name == link.name }
        if case .transitGatewayAttachment(let attachmentId, let transitGatewayId) = link.destination {
            forgetTransitGatewayLink(link, attachmentId: attachmentId, transitGatewayId: transitGatewayId)
        }
        if case .vpcPeeringConnection(_, let peerVpcId) = link.destination, let peer = routers[peerVpcId] {
            fastPath?.detach(namespace: peer.namespace, link: link.name)
            var peerCommands = ["link del \(link.name)"]
            if let index = indexes[peerVpcId]?[link.name] { peerCommands.append("rule del fwmark \(index) lookup \(LinkIndexes.table(of: index))") }
            try? ip(peer.namespace, peerCommands, force: true)
            indexes[peerVpcId]?.release(link.name)
            routers[peerVpcId]?.links.removeAll { $0.name == link.name }
        }
    }

    func allocate(_ link: String, in vpcId: String) throws -> Int32 {
        guard var routerIndexes = indexes[vpcId] else { throw DataPlaneError.unavailable("no router for \(vpcId)") }
        let index = try routerIndexes.allocate(link)
        indexes[vpcId] = routerIndexes
        return index
    }
}
