import Addressing

/// Transit gateways' namespaces, their links to the VPC routers, and their route tables.
extension TopologyReconciler {
    /// A transit gateway's namespace: forwarding on, no reverse-path filter (a reply may come back by another link
    /// than its request left by, as AWS's route tables allow), no redirects, and nothing else: no addresses, no
    /// connection tracking, no queue.
    func makeTransitGateway(_ gateway: TransitGatewayRouter) throws {
        let namespace = gateway.namespace
        try makeNamespace(namespace)
        do {
            try ip(namespace, ["link set lo up"])
            try sysctl(
                namespace,
                Self.noDuplicateAddressDetection + [
                    "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1", "net.ipv4.conf.all.rp_filter=0",
                    "net.ipv4.conf.default.rp_filter=0", "net.ipv4.conf.all.send_redirects=0", "net.ipv4.conf.default.send_redirects=0",
                ])
        } catch {
            try? NetworkNamespace.delete(namespace)
            ownership.release(namespace)
            throw error
        }
        transitGateways[gateway.transitGatewayId] = TransitGatewayRouter(transitGatewayId: gateway.transitGatewayId)
        transitGatewayTables[gateway.transitGatewayId] = TransitGatewayTables()
        transitGatewayTableNumbers[gateway.transitGatewayId] = [:]
    }

    /// Removes a transit gateway's namespace and its links (from the VPC routers' and peer gateways' side too).
    func removeTransitGateway(_ gateway: TransitGatewayRouter) {
        for (attachmentId, vpcId) in gateway.attachments.sorted(by: { $0.key < $1.key }) {
            removeLink(gateway.link(of: attachmentId), from: vpcId)
        }
        for (attachmentId, peer) in gateway.peerings.sorted(by: { $0.key < $1.key }) {
            removePeeringLink(attachmentId, between: gateway.transitGatewayId, and: peer)
        }
        try? NetworkNamespace.delete(gateway.namespace)
        ownership.release(gateway.namespace)
        transitGateways[gateway.transitGatewayId] = nil
        transitGatewayTables[gateway.transitGatewayId] = nil
        transitGatewayTableNumbers[gateway.transitGatewayId] = nil
    }

    /// The link between a VPC's router and a transit gateway's namespace, made from the router's side once both exist.
    func makeTransitGatewayLink(_ link: RouterLink, attachmentId: String, transitGatewayId: String, in vpcId: String) throws {
        guard let router = routers[vpcId], let gateway = transitGateways[transitGatewayId] else { return }
        let index = try allocate(link.name, in: vpcId)
        let (here, there) = (LinkAddress.mac(of: link.name, in: router.namespace), LinkAddress.mac(of: link.name, in: gateway.namespace))
        let create =
            "link add \(link.name) index \(index) address \(here) mtu \(link.mtu) type veth "
            + "peer name \(link.name) netns \(gateway.namespace) address \(there) mtu \(link.mtu)"
        do {
            try ip(router.namespace, [create] + Self.routedBy(link.name, index: index, farEnd: there))
            try ip(
                gateway.namespace,
                [
                    "link set \(link.name) up",
                    "neigh replace \(LinkAddress.nextHop) lladdr \(here) dev \(link.name) nud permanent",
                    "neigh replace \(LinkAddress.ipv6NextHop) lladdr \(here) dev \(link.name) nud permanent",
                ])
        } catch {
            try? ip(router.namespace, ["link del \(link.name)"], force: true)
            indexes[vpcId]?.release(link.name)
            throw error
        }
        routers[vpcId]?.links.append(link)
        transitGateways[transitGatewayId]?.attachments[attachmentId] = vpcId
    }

    /// The links between gateways that `desired` asks for and the host lacks are made, those it no longer asks for
    /// removed. Each is made once, from the gateway whose id sorts first.
    func reconcilePeeringLinks(_ desired: [String: TransitGatewayRouter]) {
        for (id, gateway) in transitGateways {
            for (attachmentId, peer) in gateway.peerings where desired[id]?.peerings[attachmentId] != peer {
                removePeeringLink(attachmentId, between: id, and: peer)
            }
        }
        for (id, gateway) in desired where transitGateways[id] != nil {
            for (attachmentId, peer) in gateway.peerings.sorted(by: { $0.key < $1.key })
            where id < peer && transitGateways[peer] != nil && transitGateways[id]?.peerings[attachmentId] == nil {
                attempt("the peering link \(attachmentId)") { try makePeeringLink(attachmentId, between: id, and: peer) }
            }
        }
    }

    func makePeeringLink(_ attachmentId: String, between id: String, and peer: String) throws {
        guard let here = transitGateways[id], let there = transitGateways[peer] else { return }
        let name = here.link(of: attachmentId).name
        let (hereMac, thereMac) = (LinkAddress.mac(of: name, in: here.namespace), LinkAddress.mac(of: name, in: there.namespace))
        let mtu = RouterLink.transitGatewayMtu
        let create =
            "link add \(name) address \(hereMac) mtu \(mtu) type veth peer name \(name) netns \(there.namespace) address \(thereMac) mtu \(mtu)"
        func up(_ farEnd: String) -> [String] {
            [
                "link set \(name) up", "neigh replace \(LinkAddress.nextHop) lladdr \(farEnd) dev \(name) nud permanent",
                "neigh replace \(LinkAddress.ipv6NextHop) lladdr \(farEnd) dev \(name) nud permanent",
            ]
        }
        do {
            try ip(here.namespace, [create] + up(thereMac))
            try ip(there.namespace, up(hereMac))
        } catch {
            try? ip(here.namespace, ["link del \(name)"], force: true)
            throw error
        }
        transitGateways[id]?.peerings[attachmentId] = peer
        transitGateways[peer]?.peerings[attachmentId] = id
    }

    /// Removes the link between two gateways (both ends go with either); each side forgets its routes through it.
    func removePeeringLink(_ attachmentId: String, between id: String, and peer: String) {
        for side in [id, peer] {
            guard let gateway = transitGateways[side], gateway.peerings[attachmentId] != nil else { continue }
            let name = gateway.link(of: attachmentId).name
            try? ip(gateway.namespace, ["link del \(name)"], force: true)
            transitGateways[side]?.peerings[attachmentId] = nil
            transitGatewayTables[side] = transitGatewayTables[side]?.withoutRoutes(through: name)
        }
    }

    /// The gateway's side of a link that went (with the router's end): the kernel dropped the routes through it, so
    /// they are forgotten too and made again if the link comes back.
    func forgetTransitGatewayLink(_ link: RouterLink, attachmentId: String, transitGatewayId: String) {
        transitGateways[transitGatewayId]?.attachments[attachmentId] = nil
        transitGatewayTables[transitGatewayId] = transitGatewayTables[transitGatewayId]?.withoutRoutes(through: link.name)
    }

    /// Brings the gateway's route tables and rules to `desired`'s, for the links that exist: a route to an attachment
    /// without a link is a blackhole.
    func applyTables(of desired: TransitGatewayRouter) throws {
        let id = desired.transitGatewayId
        guard let current = transitGateways[id] else { return }
        var numbers = (transitGatewayTableNumbers[id] ?? [:]).filter { desired.routeTables[$0.key] != nil }
        for tableId in desired.routeTables.keys.sorted() where numbers[tableId] == nil {
            let used = Set(numbers.values)
            numbers[tableId] = (TransitGatewayTables.firstTable...).first { !used.contains($0) }
        }
        var linked = desired
        linked.attachments = current.attachments
        linked.peerings = current.peerings
        linked.associations = desired.associations.filter { current.links($0.key) }
        linked.routeTables = desired.routeTables.mapValues { routes in
            routes.map { route in
                if case .attachment(let attachmentId) = route.target, !current.links(attachmentId) {
                    return TransitGatewayRouter.Route(destination: route.destination, target: .blackhole)
                }
                return route
            }
        }
        let tables = TransitGatewayTables(router: linked, numbers: numbers)
        let old = transitGatewayTables[id] ?? TransitGatewayTables()
        try ip(current.namespace, tables.commands(from: old), force: true)
        transitGatewayTables[id] = tables
        transitGatewayTableNumbers[id] = numbers
        transitGateways[id] = linked
    }
}
