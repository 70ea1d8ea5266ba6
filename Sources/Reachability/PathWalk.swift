import Addressing
import CloudModel

/// The walk of one path: the hops so far each way, and the first explanation that stopped it.
struct PathWalk {
    let traffic: Traffic
    var analysis = PathAnalysis()

    var blocked: Bool { !analysis.explanations.isEmpty }

    mutating func hop(_ component: PathComponent, _ direction: Explanation.Direction) {
        if direction == .forward { analysis.forward.append(component) } else { analysis.returnPath.append(component) }
    }

    mutating func block(_ code: Explanation.Code, _ direction: Explanation.Direction, _ component: PathComponent, _ detail: String, fix: Fix? = nil) {
        guard !blocked else { return }
        analysis.explanations.append(Explanation(code, direction, at: component, detail, fix: fix))
    }

    var portRange: ClosedRange<Int>? { traffic.ipProtocol == .icmp ? nil : traffic.port.map { $0...$0 } }
    var replyPorts: ClosedRange<Int>? { traffic.ipProtocol == .icmp ? nil : Traffic.ephemeralPorts }
    var protocolName: String { traffic.ipProtocol.rawValue }

    // MARK: From an interface

    mutating func fromInterface(_ e: Evaluator, _ source: NetworkInterface, to destination: Evaluator.Destination) {
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
        guard let ownAddress = e.sourceAddress(of: source, toward: address) else {
            return block(.noPossibleDestination, .forward, interfaceComponent(source), "\(source.id) has no IPv6 address to send from.")
        }
        let privatePath = target?.holds(address) ?? false
        guard egressAllowed(e, source, to: address, peer: privatePath ? target : nil) else { return }
        guard aclAllows(e, subnetId: source.subnetId, egress: true, peer: address, ports: portRange, .forward) else { return }
        guard let (table, route, routeState) = e.route(from: source.subnetId, to: address) else { return }
        let tableHop = PathComponent(.routeTable, table.id, vpcId: table.tableVpcId, subnetId: source.subnetId)
        guard let route else {
            return block(
                .noRouteToDestination, .forward, tableHop, "Route table \(table.id) has no route to \(address).",
                fix: routeFix(e, table, to: target, address))
        }
        hop(PathComponent(.routeTable, table.id, vpcId: table.tableVpcId, subnetId: source.subnetId, matched: .route(route, routeState)), .forward)
        guard routeState == .active else {
            let fix = route.target.vpcPeeringConnectionId.flatMap { id in
                e.state.peering(id)?.status(at: e.now) == .pendingAcceptance ? Fix.acceptPeering(vpcPeeringConnectionId: id) : nil
            }
            return block(.badStateRoute, .forward, tableHop, "The route to \(route.destination) in \(table.id) is a blackhole.", fix: fix)
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
                let elsewhere = target.map { " (the destination is in \($0.interfaceVpcId))" } ?? ""
                return block(
                    target == nil ? .noPossibleDestination : .moreSpecificRoute, .forward, tableHop,
                    "The route \(route.destination) sends \(address) to \(peer.vpcId)\(elsewhere).")
            }
            arrive(e, at: target, address: address, from: source, sourceAddress: ownAddress, via: .peering(id))
        case .natGateway(let id):
            guard let gateway = e.natGatewaysById[id] else { return }
            throughNatGateway(e, gateway, from: source, sourceAddress: ownAddress, to: address, target: target)
        case .internetGateway(let gateway):
            // An IPv6 address is public as it is; an IPv4 one needs a public address mapped to it.
            guard let publicIp = address.isIPv6 ? ownAddress : e.publicIp(of: source).map(IPAddress.v4) else {
                return block(
                    .igwPublicIpAssociationForEgress, .forward, interfaceComponent(source),
                    "\(source.id) has no public address, so it cannot use \(gateway).", fix: .associatePublicAddress(networkInterfaceId: source.id))
            }
            hop(PathComponent(.internetGateway, gateway, vpcId: source.interfaceVpcId), .forward)
            guard let target else {
                return replyFromInternet(e, host: address, to: source, sourceAddress: publicIp)
            }
            arrive(e, at: target, address: address, from: source, sourceAddress: publicIp, via: .internet)
        case .egressOnlyInternetGateway(let gateway):
            // Only IPv6 routes lead here, and an IPv6 address is public as it is: no public address is needed.
            hop(PathComponent(.egressOnlyInternetGateway, gateway, vpcId: source.interfaceVpcId), .forward)
            guard let target else {
                return replyFromInternet(e, host: address, to: source, sourceAddress: ownAddress)
            }
            arrive(e, at: target, address: address, from: source, sourceAddress: ownAddress, via: .internet)
        case .vpcEndpoint(let endpoint):
            throughGatewayEndpoint(e, endpoint, from: source, sourceAddress: ownAddress, to: address, target: target)
        }
    }

    /// A packet a route sends to a gateway endpoint: it leaves the VPC for the endpoint's AWS service (the route's
    /// prefix list holds the service's addresses), keeping its private source address, and the service's reply comes
    /// back through the endpoint into the sender's subnet. The endpoint serves its own VPC's route tables only, so no
    /// traffic from a peered VPC ever gets here; it reaches nothing inside a VPC.
    mutating func throughGatewayEndpoint(
        _ e: Evaluator, _ endpoint: String, from source: NetworkInterface, sourceAddress: IPAddress, to address: IPAddress,
        target: NetworkInterface?
    ) {
        let endpointHop = PathComponent(.vpcEndpoint, endpoint, vpcId: source.interfaceVpcId)
        if let target {
            return block(
                .noPossibleDestination, .forward, endpointHop,
                "\(endpoint) carries traffic to its AWS service only; \(address) belongs to \(target.id) in \(target.interfaceVpcId).")
        }
        hop(endpointHop, .forward)
        hop(endpointHop, .return)
        guard aclAllows(e, subnetId: source.subnetId, egress: false, peer: address, ports: replyPorts, .return) else { return }
        hop(interfaceComponent(source), .return)
    }

    enum Entry: Equatable {
        case local, internet
        case peering(String)
    }

    // MARK: Arriving

    /// The destination side: the gateway (from the internet), the subnet ACL in, the groups' ingress, the
    /// instance's state, then the reply back to `sourceAddress`.
    mutating func arrive(
        _ e: Evaluator, at target: NetworkInterface, address: IPAddress, from source: NetworkInterface?, sourceAddress: IPAddress,
        via entry: Entry
    ) {
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
        guard aclAllows(e, subnetId: target.subnetId, egress: false, peer: sourceAddress, ports: portRange, .forward) else { return }
        guard ingressAllowed(e, target, from: sourceAddress, peer: entry == .internet ? nil : source) else { return }
        if let instance = e.stoppedInstance(of: target) {
            return block(
                .badState, .forward, PathComponent(.instance, instance.id, vpcId: instance.instanceVpcId),
                "Instance \(instance.id) is \(instance.state.rawValue).",
                fix: .startInstance(instanceId: instance.id))
        }
        hop(interfaceComponent(target), .forward)
        reply(e, from: target, replyAddress: address, to: sourceAddress, back: source, via: entry)
    }

    /// The return path: out of the replier's subnet ACL, by the replier's route table, into the sender's subnet ACL.
    mutating func reply(
        _ e: Evaluator, from target: NetworkInterface, replyAddress: IPAddress, to sourceAddress: IPAddress, back source: NetworkInterface?,
        via entry: Entry
    ) {
        hop(interfaceComponent(target), .return)
        guard aclAllows(e, subnetId: target.subnetId, egress: true, peer: sourceAddress, ports: replyPorts, .return) else { return }
        guard let (table, route, routeState) = e.route(from: target.subnetId, to: sourceAddress) else { return }
        let tableHop = PathComponent(.routeTable, table.id, vpcId: table.tableVpcId, subnetId: target.subnetId)
        let expected: (RouteTarget) -> Bool = { target in
            switch (entry, target) {
            case (.local, .local), (.internet, .internetGateway): return true
            case (.peering(let id), .vpcPeeringConnection(let routed)): return id == routed
            default: return false
            }
        }
        guard let route, routeState == .active, expected(route.target) else {
            let fix: Fix? = {
                switch entry {
                case .peering(let id):
                    return source.flatMap { s in e.blocks(of: s.interfaceVpcId, family: sourceAddress).first }.map {
                        .createRoute(routeTableId: table.id, destination: $0.description, target: .vpcPeeringConnection(id))
                    }
                case .internet:
                    return e.attachedGateway(of: target.interfaceVpcId).map {
                        .createRoute(routeTableId: table.id, destination: Self.everywhere(sourceAddress), target: .internetGateway($0.id))
                    }
                case .local: return nil
                }
            }()
            let what = route.map { "its route \($0.destination) goes elsewhere" } ?? "it has no route back"
            return block(.noRouteToDestination, .return, tableHop, "Replies to \(sourceAddress) cannot leave: in \(table.id), \(what).", fix: fix)
        }
        hop(PathComponent(.routeTable, table.id, vpcId: table.tableVpcId, subnetId: target.subnetId, matched: .route(route, routeState)), .return)
        guard let source else { return }
        guard aclAllows(e, subnetId: source.subnetId, egress: false, peer: replyAddress, ports: replyPorts, .return) else { return }
        hop(interfaceComponent(source), .return)
    }

    // MARK: Through a NAT gateway

    /// A packet a route sends to a NAT gateway: into the gateway's subnet, out again by that subnet's route table to
    /// the internet gateway with the NAT's Elastic IP as its source, and the reply back the same way.
    mutating func throughNatGateway(
        _ e: Evaluator, _ gateway: NatGateway, from source: NetworkInterface, sourceAddress: IPAddress, to address: IPAddress,
        target: NetworkInterface?
    ) {
        let natHop = PathComponent(.natGateway, gateway.id, vpcId: gateway.natVpcId, subnetId: gateway.subnetId)
        guard !address.isIPv6 else {
            return block(.noRouteToDestination, .forward, natHop, "\(gateway.id) translates IPv4 only; \(address) is IPv6.")
        }
        let crossesSubnets = gateway.subnetId != source.subnetId
        if crossesSubnets {
            guard aclAllows(e, subnetId: gateway.subnetId, egress: false, peer: sourceAddress, ports: portRange, .forward) else { return }
        }
        hop(natHop, .forward)
        guard aclAllows(e, subnetId: gateway.subnetId, egress: true, peer: address, ports: portRange, .forward) else { return }
        guard let (table, route, routeState) = e.route(from: gateway.subnetId, to: address) else { return }
        let tableHop = PathComponent(.routeTable, table.id, vpcId: table.tableVpcId, subnetId: gateway.subnetId)
        guard let route, routeState == .active, case .internetGateway(let internetGateway) = route.target,
            gateway.connectivityType == .public, let publicIp = gateway.primaryPublicIp
        else {
            let why =
                gateway.connectivityType == .private
                ? "\(gateway.id) is a private NAT gateway: it does not reach the internet."
                : "The subnet of \(gateway.id) has no route to an internet gateway for \(address)."
            let fix = gateway.connectivityType == .public ? routeFix(e, table, to: nil, address) : nil
            return block(.noRouteToDestination, .forward, tableHop, why, fix: fix)
        }
        hop(PathComponent(.routeTable, table.id, vpcId: table.tableVpcId, subnetId: gateway.subnetId, matched: .route(route, routeState)), .forward)
        hop(PathComponent(.internetGateway, internetGateway, vpcId: gateway.natVpcId), .forward)
        if let target {
            arrive(e, at: target, address: address, from: nil, sourceAddress: .v4(publicIp), via: .internet)
            guard !blocked else { return }
        }
        // The reply: in through the internet gateway to the NAT's subnet, translated back, and on to the sender.
        hop(PathComponent(.internetGateway, internetGateway, vpcId: gateway.natVpcId), .return)
        guard aclAllows(e, subnetId: gateway.subnetId, egress: false, peer: address, ports: replyPorts, .return) else { return }
        hop(natHop, .return)
        if crossesSubnets {
            guard aclAllows(e, subnetId: gateway.subnetId, egress: true, peer: sourceAddress, ports: replyPorts, .return) else { return }
            guard aclAllows(e, subnetId: source.subnetId, egress: false, peer: address, ports: replyPorts, .return) else { return }
        }
        hop(interfaceComponent(source), .return)
    }

    // MARK: From the internet

    mutating func fromInternet(_ e: Evaluator, host: IPAddress, gateway: String?, to destination: Evaluator.Destination) {
        guard case .interface(let target, let address, _) = destination else {
            return block(
                .noPossibleDestination, .forward, PathComponent(.internetGateway, gateway ?? "internet"),
                "The destination is not an interface LocalVPC knows.")
        }
        // From an IPv6 host, the target's IPv6 address is its public one; from an IPv4 host, its mapped public address.
        let reachable =
            host.isIPv6 ? (address.isIPv6 ? address : target.ipv6Addresses.first.map(IPAddress.v6)) : e.publicIp(of: target).map(IPAddress.v4)
        guard let publicIp = reachable else {
            return block(
                .igwPublicIpAssociationForIngress, .forward, interfaceComponent(target), "\(target.id) has no public address.",
                fix: .associatePublicAddress(networkInterfaceId: target.id))
        }
        arrive(e, at: target, address: publicIp, from: nil, sourceAddress: host, via: .internet)
    }

    /// A reply from a host on the internet to an interface that reached it through its gateway.
    mutating func replyFromInternet(_ e: Evaluator, host: IPAddress, to source: NetworkInterface, sourceAddress: IPAddress) {
        guard aclAllows(e, subnetId: source.subnetId, egress: false, peer: host, ports: replyPorts, .return) else { return }
        hop(interfaceComponent(source), .return)
    }

    // MARK: Checks

    mutating func egressAllowed(_ e: Evaluator, _ source: NetworkInterface, to address: IPAddress, peer: NetworkInterface?) -> Bool {
        if let (rule, group) = e.allowingRule(of: source, egress: true, peer: address, peerInterface: peer, traffic: traffic) {
            hop(
                PathComponent(.securityGroup, group, vpcId: source.interfaceVpcId, matched: .securityGroupRule(rule, groupId: group, egress: true)),
                .forward)
            return true
        }
        let group = source.groupIds.first ?? "none"
        let code: Explanation.Code = e.hasRules(source, egress: true) ? .eniSecurityGroupRulesMismatch : .securityGroupHasNoRules
        block(
            code, .forward, PathComponent(.securityGroup, group, vpcId: source.interfaceVpcId),
            "No outbound rule of \(source.id)'s groups allows \(protocolName) to \(address).",
            fix: .authorizeEgress(
                groupId: group, ipProtocol: protocolName(address), fromPort: traffic.port, toPort: traffic.port, cidr: address.hostBlock.description))
        return false
    }

    mutating func ingressAllowed(_ e: Evaluator, _ target: NetworkInterface, from address: IPAddress, peer: NetworkInterface?) -> Bool {
        if let (rule, group) = e.allowingRule(of: target, egress: false, peer: address, peerInterface: peer, traffic: traffic) {
            hop(
                PathComponent(.securityGroup, group, vpcId: target.interfaceVpcId, matched: .securityGroupRule(rule, groupId: group, egress: false)),
                .forward)
            return true
        }
        let group = target.groupIds.first ?? "none"
        let code: Explanation.Code = e.hasRules(target, egress: false) ? .eniSecurityGroupRulesMismatch : .securityGroupHasNoRules
        // Suggest opening to the sender's whole VPC when it is one of ours, as the walkthroughs do.
        let cidr = (peer.flatMap { e.blocks(of: $0.interfaceVpcId, family: address).first { $0.contains(address) } } ?? address.hostBlock).description
        let (from, to) = traffic.ipProtocol == .icmp ? (-1, -1) : (traffic.port ?? 0, traffic.port ?? 65535)
        block(
            code, .forward, PathComponent(.securityGroup, group, vpcId: target.interfaceVpcId),
            "No inbound rule of \(target.id)'s groups allows \(protocolName) from \(address).",
            fix: .authorizeIngress(groupId: group, ipProtocol: protocolName(address), fromPort: from, toPort: to, cidr: cidr))
        return false
    }

    mutating func aclAllows(
        _ e: Evaluator, subnetId: String, egress: Bool, peer: IPAddress, ports: ClosedRange<Int>?, _ direction: Explanation.Direction
    ) -> Bool {
        let decision = e.aclDecision(subnetId: subnetId, egress: egress, peer: peer, traffic: traffic, ports: ports)
        let component = PathComponent(
            .networkAcl, decision.acl?.id ?? "none", vpcId: decision.acl?.aclVpcId, subnetId: subnetId, matched: decision.entry.map { .aclEntry($0) })
        guard decision.allowed else {
            let number =
                decision.acl.map { acl in
                    (1...32766).reversed().first { n in
                        n < (decision.entry?.ruleNumber ?? 32767) && !acl.entries.contains { $0.egress == egress && $0.ruleNumber == n }
                    } ?? 1
                } ?? 100
            block(
                .subnetAclRestriction, direction, component,
                "\(decision.acl?.id ?? "The ACL") of \(subnetId) does not let \(protocolName) \(egress ? "out to" : "in from") \(peer)\(ports.map { " on ports \($0.lowerBound)-\($0.upperBound)" } ?? "").",
                fix: decision.acl.map {
                    .createAclEntry(
                        networkAclId: $0.id, ruleNumber: number, egress: egress, protocolNumber: traffic.protocolNumber(ipv6: peer.isIPv6),
                        portRange: ports, cidr: peer.hostBlock.description)
                })
            return false
        }
        hop(component, direction)
        return true
    }

    // MARK: Helpers

    func interfaceComponent(_ interface: NetworkInterface) -> PathComponent {
        PathComponent(.networkInterface, interface.id, vpcId: interface.interfaceVpcId, subnetId: interface.subnetId)
    }

    /// Whether `address` reaches `interface` from the internet: a public IPv4 address mapped to it, or one of its IPv6
    /// addresses (IPv6 addresses are public as they are).
    func isPublic(_ address: IPAddress, of interface: NetworkInterface) -> Bool {
        switch address {
        case .v4(let address): !interface.privateIpAddresses.contains(address)
        case .v6(let address): interface.ipv6Addresses.contains(address)
        }
    }

    /// The protocol's name in a group rule for this family (`icmpv6` for ICMP over IPv6).
    func protocolName(_ address: IPAddress) -> String {
        traffic.ipProtocol == .icmp && address.isIPv6 ? "icmpv6" : protocolName
    }

    /// The default route's destination for `address`'s family.
    static func everywhere(_ address: IPAddress) -> String { address.isIPv6 ? "::/0" : "0.0.0.0/0" }

    func routeFix(_ e: Evaluator, _ table: RouteTable, to target: NetworkInterface?, _ address: IPAddress) -> Fix? {
        // A pending peering is proposed too: its route is a blackhole until the next fix accepts it.
        if let target, let peering = e.livePeerings[table.tableVpcId]?[target.interfaceVpcId],
            let block = e.blocks(of: target.interfaceVpcId, family: address).first(where: { $0.contains(address) })
        {
            return .createRoute(routeTableId: table.id, destination: block.description, target: .vpcPeeringConnection(peering.id))
        }
        if target == nil, let gateway = e.attachedGateway(of: table.tableVpcId) {
            return .createRoute(routeTableId: table.id, destination: Self.everywhere(address), target: .internetGateway(gateway.id))
        }
        return nil
    }
}
