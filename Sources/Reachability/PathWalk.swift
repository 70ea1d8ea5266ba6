import Addressing
import CloudModel

/// The walk of one path: the hops so far each way, and the first explanation that stopped it.
///
/// One walk serves both callers. Explaining (Network Insights, `localvpc reach`), it records every hop and builds the
/// explanation's words and fix. Deciding (the data plane, a flow's first packet), it builds no strings and no hops:
/// `hop` and `block` take their components, details and fixes as autoclosures that only an explaining walk calls.
///
/// A class, not a struct: those autoclosures read the walk (its traffic, its helpers) while `block` records into it,
/// which a mutating struct method may not allow. One walk is made per question and never shared.
final class PathWalk {
    /// Who asks, and so what the walk records and how it reads the reply.
    enum Mode {
        /// Every hop and a human explanation; replies checked on the whole ephemeral range (AWS's model of a client).
        case explaining
        /// Only the verdict. Replies are checked on this flow's own ports (`replyPort`, the request's source port);
        /// without `checkingSecurityGroups` the groups are not asked (a tracked flow survives a revoked rule); a
        /// gateway endpoint leads nowhere (no AWS service is behind it in the data plane).
        case deciding(replyPort: Int?, checkingSecurityGroups: Bool)
    }

    let traffic: Traffic
    /// What the reply carries: the request's traffic, but for an ICMP echo request the echo reply (deciding only).
    let replyTraffic: Traffic
    let explains: Bool
    let checksSecurityGroups: Bool
    /// The destination ports a reply is checked on, when the protocol has ports.
    let replyPorts: ClosedRange<Int>?
    var analysis = PathAnalysis()
    /// The first reason the walk stopped, in both modes (the explanation itself only when explaining).
    private(set) var stop: (code: Explanation.Code, direction: Explanation.Direction)?
    /// Where the packet goes once it leaves the sender's side: set as the forward path reaches its end, whether or not
    /// the reply then gets back (a verdict reads it only when nothing blocked).
    var delivery: FlowVerdict.Delivery?
    /// The side of the path the walk is on: the destination's from its arrival until the reply leaves the destination's
    /// subnet (what a verdict's `blockedAt` says).
    var side: FlowVerdict.End = .source

    init(traffic: Traffic, mode: Mode = .explaining) {
        self.traffic = traffic
        let hasPorts = traffic.ipProtocol == .tcp || traffic.ipProtocol == .udp
        switch mode {
        case .explaining:
            replyTraffic = traffic
            explains = true
            checksSecurityGroups = true
            replyPorts = hasPorts ? Traffic.ephemeralPorts : nil
        case .deciding(let replyPort, let checkingSecurityGroups):
            replyTraffic = traffic.reply
            explains = false
            checksSecurityGroups = checkingSecurityGroups
            replyPorts = hasPorts ? replyPort.map { $0...$0 } : nil
        }
    }

    var blocked: Bool { stop != nil }

    func hop(_ component: @autoclosure () -> PathComponent, _ direction: Explanation.Direction) {
        guard explains else { return }
        let component = component()
        if direction == .forward { analysis.forward.append(component) } else { analysis.returnPath.append(component) }
    }

    func block(
        _ code: Explanation.Code, _ direction: Explanation.Direction, _ component: @autoclosure () -> PathComponent,
        _ detail: @autoclosure () -> String, fix: @autoclosure () -> Fix? = nil
    ) {
        guard !blocked else { return }
        stop = (code, direction)
        guard explains else { return }
        let explanation = Explanation(code, direction, at: component(), detail(), fix: fix())
        analysis.explanations.append(explanation)
    }

    var portRange: ClosedRange<Int>? { traffic.ipProtocol == .icmp ? nil : traffic.port.map { $0...$0 } }
    var protocolName: String { traffic.ipProtocol.rawValue }

    // MARK: From an interface

    /// From `source`, sending from `sending` (by default its primary private IPv4 address, or its first IPv6 one).
    func fromInterface(_ e: Evaluator, _ source: NetworkInterface, sending: IPAddress? = nil, to destination: Evaluator.Destination) {
        if let instance = e.stoppedInstance(of: source) {
            return block(
                .badState, .forward, PathComponent(.instance, instance.id, vpcId: instance.instanceVpcId),
                "Instance \(instance.id) is \(instance.state.rawValue).",
                fix: .startInstance(instanceId: instance.id))
        }
        hop(interfaceComponent(source), .forward)
        let target: NetworkInterface?
        let address: IPAddress
        switch destination {
        case .missing(let name):
            return block(.noPossibleDestination, .forward, interfaceComponent(source), "The destination \(name) does not exist.")
        case .interface(let interface, let destinationAddress, _):
            target = interface
            address = destinationAddress
        case .internet(let host, _):
            target = nil
            address = host
        }
        guard let ownAddress = sending ?? e.sourceAddress(of: source, toward: address) else {
            return block(.noPossibleDestination, .forward, interfaceComponent(source), "\(source.id) has no IPv6 address to send from.")
        }
        let privatePath = target?.holds(address) ?? false
        guard egressAllowed(e, source, to: address, peer: privatePath ? target : nil) else { return }
        // A private address in the sender's own subnet is reached without leaving the subnet: no ACL is asked.
        let staysInSubnet = privatePath && target?.subnetId == source.subnetId
        guard staysInSubnet || aclAllows(e, subnetId: source.subnetId, egress: true, peer: address, ports: portRange, .forward) else { return }
        guard let (table, route, routeState) = e.route(from: source.subnetId, to: address) else { return }
        let tableHop = PathComponent(.routeTable, table.id, vpcId: table.tableVpcId, subnetId: source.subnetId)
        guard let route else {
            return block(
                .noRouteToDestination, .forward, tableHop, "Route table \(table.id) has no route to \(address).",
                fix: routeFix(e, table, to: target, address))
        }
        hop(PathComponent(.routeTable, table.id, vpcId: table.tableVpcId, subnetId: source.subnetId, matched: .route(route, routeState)), .forward)
        guard routeState == .active else {
            return block(
                .badStateRoute, .forward, tableHop, "The route to \(route.destination) in \(table.id) is a blackhole.",
                fix: route.target.vpcPeeringConnectionId.flatMap { id in
                    e.state.peering(id)?.status(at: e.now) == .pendingAcceptance ? Fix.acceptPeering(vpcPeeringConnectionId: id) : nil
                })
        }
        switch route.target {
        case .local:
            guard let target, target.interfaceVpcId == source.interfaceVpcId, privatePath else {
                return block(.noPossibleDestination, .forward, tableHop, "Nothing in \(source.interfaceVpcId) has the address \(address).")
            }
            arrive(e, at: target, address: address, from: source, sourceAddress: ownAddress, via: .local)
        case .vpcPeeringConnection(let id):
            guard let peering = e.state.peering(id) else { return }
            let peer = peering.requester.vpcId == source.interfaceVpcId ? peering.accepter : peering.requester
            let peeringHop = PathComponent(.vpcPeeringConnection, id)
            let peerBlocks = e.vpc(peer.vpcId) != nil ? e.blocks(of: peer.vpcId, family: address) : peer.cidrBlocks.map(IPCIDR.v4)
            guard peerBlocks.contains(where: { $0.contains(address) }) else {
                return block(
                    .pcxRequiresAddressInVpcCidr, .forward, peeringHop,
                    "\(id) carries only traffic to \(peer.vpcId)'s blocks; \(address) is not in them (peering is not transitive).")
            }
            hop(peeringHop, .forward)
            guard let target, privatePath, target.interfaceVpcId == peer.vpcId else {
                return block(
                    target == nil ? .noPossibleDestination : .moreSpecificRoute, .forward, tableHop,
                    "The route \(route.destination) sends \(address) to \(peer.vpcId)\(target.map { " (the destination is in \($0.interfaceVpcId))" } ?? "")."
                )
            }
            arrive(e, at: target, address: address, from: source, sourceAddress: ownAddress, via: .peering(id))
        case .natGateway(let id):
            guard let gateway = e.natGatewaysById[id] else { return }
            throughNatGateway(e, gateway, from: source, sourceAddress: ownAddress, to: address, target: target)
        case .internetGateway(let gateway):
            // An IPv6 address is public as it is; an IPv4 one needs a public address mapped to it.
            guard let publicIp = address.isIPv6 ? ownAddress : e.publicIp(of: source, at: ownAddress).map(IPAddress.v4) else {
                return block(
                    .igwPublicIpAssociationForEgress, .forward, interfaceComponent(source),
                    "\(source.id) has no public address, so it cannot use \(gateway).", fix: .associatePublicAddress(networkInterfaceId: source.id))
            }
            hop(PathComponent(.internetGateway, gateway, vpcId: source.interfaceVpcId), .forward)
            // Out to the internet, even to one of our public addresses: it comes back in through that address's gateway.
            delivery = .internet(gateway: .internetGateway, gatewayId: gateway, translatedSource: address.isIPv6 ? nil : publicIp)
            guard let target else {
                return replyFromInternet(e, host: address, to: source, sourceAddress: publicIp)
            }
            arrive(e, at: target, address: address, from: source, sourceAddress: publicIp, via: .internet)
        case .egressOnlyInternetGateway(let gateway):
            // Only IPv6 routes lead here, and an IPv6 address is public as it is: no public address is needed.
            hop(PathComponent(.egressOnlyInternetGateway, gateway, vpcId: source.interfaceVpcId), .forward)
            delivery = .internet(gateway: .egressOnlyInternetGateway, gatewayId: gateway, translatedSource: nil)
            guard let target else {
                return replyFromInternet(e, host: address, to: source, sourceAddress: ownAddress)
            }
            arrive(e, at: target, address: address, from: source, sourceAddress: ownAddress, via: .internet)
        case .vpcEndpoint(let endpoint):
            throughGatewayEndpoint(e, endpoint, from: source, sourceAddress: ownAddress, to: address, target: target)
        case .transitGateway(let gateway):
            throughTransitGateway(
                e, gateway, from: source, sourceAddress: ownAddress, to: address, target: privatePath ? target : nil)
        }
    }

    /// Whether traffic from `source` to `target` never leaves their subnet: network ACLs are not asked then (AWS: "We
    /// evaluate the network ACL rules when traffic enters and leaves the subnet, not as it is routed within a subnet").
    ///
    /// Through a transit gateway, the packet leaves the gateway by its attachment's interface in `exitSubnetId`: when that
    /// is the target's own subnet, AWS evaluates neither of the subnet's ACL directions for it ("Network ACLs for
    /// transit gateways": traffic from the transit gateway to instances in the same subnet).
    static func staysInSubnet(from source: NetworkInterface?, to target: NetworkInterface, via entry: Entry) -> Bool {
        switch entry {
        case .local: source?.subnetId == target.subnetId
        case .transitGateway(let passage): passage.exitSubnetId == target.subnetId
        case .internet, .peering: false
        }
    }

    enum Entry: Equatable {
        case local, internet
        case peering(String)
        case transitGateway(TransitGatewayPassage)

        var peeringId: String? {
            if case .peering(let id) = self { id } else { nil }
        }

        /// How a private crossing to another VPC went, as a verdict's delivery names it.
        var crossing: FlowVerdict.Crossing? {
            switch self {
            case .peering(let id): .vpcPeeringConnection(id)
            case .transitGateway(let passage):
                .transitGateway(passage.gatewayId, attachmentId: passage.attachmentId, targetAttachmentId: passage.targetAttachmentId)
            case .local, .internet: nil
            }
        }
    }

    // MARK: Arriving

    /// The destination side: the gateway (from the internet), the subnet ACL in, the groups' ingress, the
    /// instance's state, then the reply back to `sourceAddress`.
    func arrive(
        _ e: Evaluator, at target: NetworkInterface, address: IPAddress, from source: NetworkInterface?, sourceAddress: IPAddress,
        via entry: Entry
    ) {
        side = .destination(networkInterfaceId: target.id)
        if entry == .internet {
            guard isPublic(address, of: target), let gateway = e.attachedGateway(of: target.interfaceVpcId) else {
                if address.isIPv6, let egressOnly = e.egressOnlyGateway(of: target.interfaceVpcId) {
                    return block(
                        .noPossibleDestination, .forward, PathComponent(.egressOnlyInternetGateway, egressOnly.id, vpcId: target.interfaceVpcId),
                        "\(egressOnly.id) is egress-only: it never lets traffic from the internet into \(target.interfaceVpcId); only an internet gateway does."
                    )
                }
                return block(
                    .igwPublicIpAssociationForIngress, .forward, interfaceComponent(target),
                    "\(target.id) is not reachable from the internet: it needs a public address and an internet gateway on \(target.interfaceVpcId).",
                    fix: .associatePublicAddress(networkInterfaceId: target.id))
            }
            hop(PathComponent(.internetGateway, gateway.id, vpcId: target.interfaceVpcId), .forward)
        }
        let staysInSubnet = Self.staysInSubnet(from: source, to: target, via: entry)
        guard staysInSubnet || aclAllows(e, subnetId: target.subnetId, egress: false, peer: sourceAddress, ports: portRange, .forward) else {
            return
        }
        let acrossTransitGateway = if case .transitGateway = entry { true } else { false }
        guard ingressAllowed(e, target, from: sourceAddress, peer: entry == .internet ? nil : source, acrossTransitGateway: acrossTransitGateway)
        else { return }
        if let instance = e.stoppedInstance(of: target) {
            return block(
                .badState, .forward, PathComponent(.instance, instance.id, vpcId: instance.instanceVpcId),
                "Instance \(instance.id) is \(instance.state.rawValue).",
                fix: .startInstance(instanceId: instance.id))
        }
        hop(interfaceComponent(target), .forward)
        if delivery == nil {
            let privateAddress = target.holds(address) ? address : address.ipv4.flatMap { e.interfacesByPublicIp[$0]?.privateIp }.map(IPAddress.v4)
            delivery = .networkInterface(
                id: target.id, vpcId: target.interfaceVpcId, address: privateAddress ?? .v4(target.primaryPrivateIp),
                crossing: entry.crossing)
        }
        reply(e, from: target, replyAddress: address, to: sourceAddress, back: source, via: entry)
    }

    /// The return path: out of the replier's subnet ACL, by the replier's route table, into the sender's subnet ACL.
    func reply(
        _ e: Evaluator, from target: NetworkInterface, replyAddress: IPAddress, to sourceAddress: IPAddress, back source: NetworkInterface?,
        via entry: Entry
    ) {
        hop(interfaceComponent(target), .return)
        // Toward a transit gateway the replier's subnet ACL applies out even when the attachment shares its subnet.
        let staysInSubnet = entry == .local && Self.staysInSubnet(from: source, to: target, via: entry)
        guard staysInSubnet || aclAllows(e, subnetId: target.subnetId, egress: true, peer: sourceAddress, ports: replyPorts, .return) else {
            return
        }
        guard let (table, route, routeState) = e.route(from: target.subnetId, to: sourceAddress) else { return }
        let tableHop = PathComponent(.routeTable, table.id, vpcId: table.tableVpcId, subnetId: target.subnetId)
        let expected: (RouteTarget) -> Bool = { target in
            switch (entry, target) {
            case (.local, .local), (.internet, .internetGateway): return true
            case (.peering(let id), .vpcPeeringConnection(let routed)): return id == routed
            // Back through a transit gateway: this one or another that routes to the sender's VPC.
            case (.transitGateway, .transitGateway): return true
            default: return false
            }
        }
        guard let route, routeState == .active, expected(route.target) else {
            return block(
                .noRouteToDestination, .return, tableHop,
                "Replies to \(sourceAddress) cannot leave: in \(table.id), \(route.map { "its route \($0.destination) goes elsewhere" } ?? "it has no route back").",
                fix: replyRouteFix(e, table, from: target, to: sourceAddress, back: source, via: entry))
        }
        hop(PathComponent(.routeTable, table.id, vpcId: table.tableVpcId, subnetId: target.subnetId, matched: .route(route, routeState)), .return)
        guard let source else { return }
        var sourceSubnetSkipped = staysInSubnet
        if case .transitGateway(let gateway) = route.target {
            guard
                let passage = crossTransitGateway(
                    e, gateway, from: target, packetSource: replyAddress, to: sourceAddress, toward: source, ports: replyPorts, .return)
            else { return }
            sourceSubnetSkipped = passage.exitSubnetId == source.subnetId
        }
        side = .source
        guard sourceSubnetSkipped || aclAllows(e, subnetId: source.subnetId, egress: false, peer: replyAddress, ports: replyPorts, .return) else {
            return
        }
        hop(interfaceComponent(source), .return)
    }

    /// The route that would carry replies back the way the request came.
    func replyRouteFix(
        _ e: Evaluator, _ table: RouteTable, from target: NetworkInterface, to sourceAddress: IPAddress, back source: NetworkInterface?,
        via entry: Entry
    ) -> Fix? {
        switch entry {
        case .peering(let id):
            return source.flatMap { s in e.blocks(of: s.interfaceVpcId, family: sourceAddress).first }.map {
                .createRoute(routeTableId: table.id, destination: $0.description, target: .vpcPeeringConnection(id))
            }
        case .internet:
            return e.attachedGateway(of: target.interfaceVpcId).map {
                .createRoute(routeTableId: table.id, destination: Self.everywhere(sourceAddress), target: .internetGateway($0.id))
            }
        case .transitGateway(let passage):
            return source.flatMap { s in e.blocks(of: s.interfaceVpcId, family: sourceAddress).first }.map {
                .createRoute(routeTableId: table.id, destination: $0.description, target: .transitGateway(passage.gatewayId))
            }
        case .local: return nil
        }
    }
}
