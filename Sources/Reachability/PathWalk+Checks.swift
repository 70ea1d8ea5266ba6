import Addressing
import CloudModel

extension PathWalk {
    // MARK: Checks

    func egressAllowed(_ e: Evaluator, _ source: NetworkInterface, to address: IPAddress, peer: NetworkInterface?) -> Bool {
        guard checksSecurityGroups else { return true }
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

    /// `acrossTransitGateway`: the packet came through a transit gateway, where a rule naming the sender's group is
    /// discarded without security group referencing support (AWS's `SG_REFERENCING_SUPPORT`).
    func ingressAllowed(
        _ e: Evaluator, _ target: NetworkInterface, from address: IPAddress, peer: NetworkInterface?, acrossTransitGateway: Bool = false
    ) -> Bool {
        guard checksSecurityGroups else { return true }
        if let (rule, group) = e.allowingRule(of: target, egress: false, peer: address, peerInterface: peer, traffic: traffic) {
            hop(
                PathComponent(.securityGroup, group, vpcId: target.interfaceVpcId, matched: .securityGroupRule(rule, groupId: group, egress: false)),
                .forward)
            return true
        }
        let group = target.groupIds.first ?? "none"
        var code: Explanation.Code = e.hasRules(target, egress: false) ? .eniSecurityGroupRulesMismatch : .securityGroupHasNoRules
        if acrossTransitGateway, let peer, e.refersToGroup(of: peer, from: target) { code = .sgReferencingSupport }
        block(
            code, .forward, PathComponent(.securityGroup, group, vpcId: target.interfaceVpcId),
            code == .sgReferencingSupport
                ? "A rule of \(target.id)'s groups names a group of \(peer?.id ?? "the sender"), but the transit gateway or its attachments "
                    + "lack security group referencing support, so the group is not known across it."
                : "No inbound rule of \(target.id)'s groups allows \(protocolName) from \(address).",
            fix: ingressFix(e, group: group, from: address, peer: peer))
        return false
    }

    /// Opens the group to the sender's whole VPC when it is one of ours, as the walkthroughs do.
    func ingressFix(_ e: Evaluator, group: String, from address: IPAddress, peer: NetworkInterface?) -> Fix {
        let cidr = (peer.flatMap { e.blocks(of: $0.interfaceVpcId, family: address).first { $0.contains(address) } } ?? address.hostBlock).description
        let (from, to) = traffic.ipProtocol == .icmp ? (-1, -1) : (traffic.port ?? 0, traffic.port ?? 65535)
        return .authorizeIngress(groupId: group, ipProtocol: protocolName(address), fromPort: from, toPort: to, cidr: cidr)
    }

    /// Whether the subnet's ACL lets the packet out (`egress`) or in. Replies are read as `replyTraffic` (an echo reply
    /// for an echo request, when deciding).
    func aclAllows(
        _ e: Evaluator, subnetId: String, egress: Bool, peer: IPAddress, ports: ClosedRange<Int>?, _ direction: Explanation.Direction
    ) -> Bool {
        let traffic = direction == .forward ? traffic : replyTraffic
        let decision = e.aclDecision(subnetId: subnetId, egress: egress, peer: peer, traffic: traffic, ports: ports)
        func component() -> PathComponent {
            PathComponent(
                .networkAcl, decision.acl?.id ?? "none", vpcId: decision.acl?.aclVpcId, subnetId: subnetId,
                matched: decision.entry.map { .aclEntry($0) })
        }
        guard decision.allowed else {
            block(
                .subnetAclRestriction, direction, component(),
                "\(decision.acl?.id ?? "The ACL") of \(subnetId) does not let \(protocolName) \(egress ? "out to" : "in from") \(peer)\(ports.map { " on ports \($0.lowerBound)-\($0.upperBound)" } ?? "").",
                fix: decision.acl.map {
                    .createAclEntry(
                        networkAclId: $0.id, ruleNumber: Self.freeRuleNumber(in: $0, egress: egress, below: decision.entry),
                        egress: egress, protocolNumber: traffic.protocolNumber(ipv6: peer.isIPv6), portRange: ports, cidr: peer.hostBlock.description)
                })
            return false
        }
        hop(component(), direction)
        return true
    }

    /// The highest rule number free in `acl`'s direction below the entry that denied (so a new allow comes first).
    static func freeRuleNumber(in acl: NetworkAcl, egress: Bool, below entry: NetworkAclEntry?) -> Int {
        (1...32766).reversed().first { n in
            n < (entry?.ruleNumber ?? 32767) && !acl.entries.contains { $0.egress == egress && $0.ruleNumber == n }
        } ?? 1
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
        // Else a transit gateway both VPCs are attached to.
        if let target, target.interfaceVpcId != table.tableVpcId,
            let gateway = e.transitGateways.sharedGateway(of: table.tableVpcId, and: target.interfaceVpcId, at: e.now),
            let block = e.blocks(of: target.interfaceVpcId, family: address).first(where: { $0.contains(address) })
        {
            return .createRoute(routeTableId: table.id, destination: block.description, target: .transitGateway(gateway))
        }
        if target == nil, let gateway = e.attachedGateway(of: table.tableVpcId) {
            return .createRoute(routeTableId: table.id, destination: Self.everywhere(address), target: .internetGateway(gateway.id))
        }
        return nil
    }
}
