import Addressing
import CloudModel

extension PathWalk {
    /// A packet a route sends to a gateway endpoint: it leaves the VPC for the endpoint's AWS service (the route's
    /// prefix list holds the service's addresses), keeping its private source address, and the service's reply comes
    /// back through the endpoint into the sender's subnet. The endpoint serves its own VPC's route tables only, so no
    /// traffic from a peered VPC ever gets here; it reaches nothing inside a VPC.
    ///
    /// Deciding for the data plane, there is no AWS service behind the endpoint: the packet is dropped, as
    /// `noPossibleDestination` at the endpoint (the analysis still says the service is reached, as AWS's does).
    func throughGatewayEndpoint(
        _ e: Evaluator, _ endpoint: String, from source: NetworkInterface, sourceAddress: IPAddress, to address: IPAddress,
        target: NetworkInterface?
    ) {
        let endpointHop = PathComponent(.vpcEndpoint, endpoint, vpcId: source.interfaceVpcId)
        if let target {
            return block(
                .noPossibleDestination, .forward, endpointHop,
                "\(endpoint) carries traffic to its AWS service only; \(address) belongs to \(target.id) in \(target.interfaceVpcId).")
        }
        guard explains else {
            return block(.noPossibleDestination, .forward, endpointHop, "No AWS service is behind \(endpoint) in LocalVPC's data plane.")
        }
        hop(endpointHop, .forward)
        hop(endpointHop, .return)
        guard aclAllows(e, subnetId: source.subnetId, egress: false, peer: address, ports: replyPorts, .return) else { return }
        hop(interfaceComponent(source), .return)
    }

    // MARK: Through a NAT gateway

    /// A packet a route sends to a NAT gateway: into the gateway's subnet, out again by that subnet's route table to
    /// the internet gateway with the NAT's Elastic IP as its source, and the reply back the same way. A NAT gateway
    /// carries TCP, UDP and ICMP only (AWS's documented protocols).
    func throughNatGateway(
        _ e: Evaluator, _ gateway: NatGateway, from source: NetworkInterface, sourceAddress: IPAddress, to address: IPAddress,
        target: NetworkInterface?
    ) {
        let natHop = PathComponent(.natGateway, gateway.id, vpcId: gateway.natVpcId, subnetId: gateway.subnetId)
        guard !address.isIPv6 else {
            return block(.noRouteToDestination, .forward, natHop, "\(gateway.id) translates IPv4 only; \(address) is IPv6.")
        }
        if case .other(let number) = traffic.ipProtocol {
            return block(.protocolRestriction, .forward, natHop, "\(gateway.id) translates TCP, UDP and ICMP only, not protocol \(number).")
        }
        let crossesSubnets = gateway.subnetId != source.subnetId
        if crossesSubnets {
            guard aclAllows(e, subnetId: gateway.subnetId, egress: false, peer: sourceAddress, ports: portRange, .forward) else { return }
        }
        hop(natHop, .forward)
        guard aclAllows(e, subnetId: gateway.subnetId, egress: true, peer: address, ports: portRange, .forward) else { return }
        guard let (table, route, routeState) = e.route(from: gateway.subnetId, to: address) else { return }
        guard let route, routeState == .active, case .internetGateway(let internetGateway) = route.target,
            gateway.connectivityType == .public, let publicIp = gateway.primaryPublicIp
        else {
            return block(
                .noRouteToDestination, .forward, PathComponent(.routeTable, table.id, vpcId: table.tableVpcId, subnetId: gateway.subnetId),
                gateway.connectivityType == .private
                    ? "\(gateway.id) is a private NAT gateway: it does not reach the internet."
                    : "The subnet of \(gateway.id) has no route to an internet gateway for \(address).",
                fix: gateway.connectivityType == .public ? routeFix(e, table, to: nil, address) : nil)
        }
        hop(PathComponent(.routeTable, table.id, vpcId: table.tableVpcId, subnetId: gateway.subnetId, matched: .route(route, routeState)), .forward)
        hop(PathComponent(.internetGateway, internetGateway, vpcId: gateway.natVpcId), .forward)
        delivery = .internet(gateway: .natGateway, gatewayId: gateway.id, translatedSource: .v4(publicIp))
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

    func fromInternet(_ e: Evaluator, host: IPAddress, gateway: String?, to destination: Evaluator.Destination) {
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
    func replyFromInternet(_ e: Evaluator, host: IPAddress, to source: NetworkInterface, sourceAddress: IPAddress) {
        side = .source
        guard aclAllows(e, subnetId: source.subnetId, egress: false, peer: host, ports: replyPorts, .return) else { return }
        hop(interfaceComponent(source), .return)
    }
}
