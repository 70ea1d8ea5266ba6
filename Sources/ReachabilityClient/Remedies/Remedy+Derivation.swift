extension Remedy {
    /// What a finding alone may not say (AWS fills fewer fields than LocalVPC): the traffic, both ends, and the
    /// rule numbers already used in the ACL of an ACL finding.
    public struct Context: Sendable, Hashable {
        public var traffic: ReachabilityClient.Traffic
        public var source: Endpoint
        public var destination: Endpoint
        /// Rule numbers in use in the finding's ACL, in the finding's direction.
        public var takenAclRuleNumbers: Set<Int>

        /// A context from its parts.
        public init(traffic: ReachabilityClient.Traffic, source: Endpoint, destination: Endpoint, takenAclRuleNumbers: Set<Int> = []) {
            self.traffic = traffic
            self.source = source
            self.destination = destination
            self.takenAclRuleNumbers = takenAclRuleNumbers
        }
    }

    /// The change that clears `finding`, worked out from AWS's explanation fields (the route table, destination
    /// block and peering of a missing route; the group, direction, protocol, ports and block of a missing rule; the
    /// ACL, its blocking rule and the block; a peering's or an instance's state); nil when no fix is known.
    public static func remedy(for finding: Finding, context: Context) -> Remedy? {
        let component = finding.componentId
        switch finding.code {
        case "NO_ROUTE_TO_DESTINATION":
            if let gateway = finding.transitGatewayId, let table = finding.routeTableId ?? (component.hasPrefix("rtb-") ? component : nil),
                let cidr = finding.cidrs.first ?? hostBlock(finding.onReturnPath ? context.source : context.destination)
            {
                return .createRouteToTransitGateway(routeTableId: table, destinationCidr: cidr, transitGatewayId: gateway)
            }
            guard let table = finding.routeTableId ?? (component.hasPrefix("rtb-") ? component : nil),
                finding.vpcPeeringConnectionId != nil || finding.internetGatewayId != nil,
                let cidr = finding.cidrs.first ?? hostBlock(finding.onReturnPath ? context.source : context.destination)
            else { return nil }
            return .createRoute(
                routeTableId: table, destinationCidr: cidr, vpcPeeringConnectionId: finding.vpcPeeringConnectionId,
                gatewayId: finding.vpcPeeringConnectionId == nil ? finding.internetGatewayId : nil)
        case "ENI_SG_RULES_MISMATCH", "SG_HAS_NO_RULES":
            let egress = finding.direction == "egress"
            guard let group = finding.securityGroupId ?? (component.hasPrefix("sg-") ? component : nil),
                let cidr = finding.cidrs.first ?? hostBlock(egress ? context.destination : context.source)
            else { return nil }
            let ipProtocol = finding.protocols.first ?? context.traffic.ipProtocol
            let ports = finding.portRanges.first ?? defaultPorts(ipProtocol, context.traffic.port)
            return .authorizeSecurityGroup(egress: egress, groupId: group, ipProtocol: ipProtocol, fromPort: ports?[0], toPort: ports?[1], cidr: cidr)
        case "SUBNET_ACL_RESTRICTION":
            guard let acl = finding.networkAclId ?? (component.hasPrefix("acl-") ? component : nil), let direction = finding.direction else {
                return nil
            }
            let egress = direction == "egress"
            // Egress from the sender or ingress to the replier faces the destination; the other two face the source.
            let facesDestination = egress != finding.onReturnPath
            guard let cidr = finding.cidrs.first ?? hostBlock(facesDestination ? context.destination : context.source) else { return nil }
            let protocolNumber = finding.protocols.first ?? protocolNumber(context.traffic.ipProtocol)
            let ports =
                finding.portRanges.first
                ?? (protocolNumber == "1" ? nil : finding.onReturnPath ? [1024, 65535] : context.traffic.port.map { [$0, $0] })
            let blocking = finding.aclRuleAction == "deny" ? finding.aclRuleNumber ?? 32767 : 32767
            guard let number = (1..<blocking).reversed().first(where: { !context.takenAclRuleNumbers.contains($0) }) else { return nil }
            return .createNetworkAclEntry(
                networkAclId: acl, ruleNumber: number, egress: egress, protocolNumber: protocolNumber, fromPort: ports?[0], toPort: ports?[1],
                cidr: cidr)
        case "BAD_STATE_ROUTE":
            guard let peering = finding.vpcPeeringConnectionId, finding.state == "pending-acceptance" else { return nil }
            return .acceptVpcPeeringConnection(id: peering)
        case "TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION":
            guard let table = finding.transitGatewayRouteTableId,
                let attachment = finding.transitGatewayAttachmentId ?? (component.hasPrefix("tgw-attach-") ? component : nil)
            else { return nil }
            return .associateTransitGatewayRouteTable(routeTableId: table, attachmentId: attachment)
        case "TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT", "TGW_RTB_CANNOT_ROUTE":
            guard let table = finding.transitGatewayRouteTableId ?? (component.hasPrefix("tgw-rtb-") ? component : nil),
                let attachment = finding.transitGatewayAttachmentId
            else { return nil }
            return .enableTransitGatewayRouteTablePropagation(routeTableId: table, attachmentId: attachment)
        case "TGW_RTB_BAD_STATE_ROUTE":
            guard let table = finding.transitGatewayRouteTableId ?? (component.hasPrefix("tgw-rtb-") ? component : nil),
                let attachment = finding.transitGatewayAttachmentId, let cidr = finding.cidrs.first
            else { return nil }
            return .replaceTransitGatewayRoute(routeTableId: table, destinationCidr: cidr, attachmentId: attachment)
        case "BAD_STATE":
            guard component.hasPrefix("i-"), ["stopped", "stopping", nil].contains(finding.state) else { return nil }
            return .startInstance(id: component)
        case "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS", "IGW_PUBLIC_IP_ASSOCIATION_FOR_INGRESS":
            guard let interface = finding.networkInterfaceId ?? (component.hasPrefix("eni-") ? component : nil) else { return nil }
            return .associateElasticIp(networkInterfaceId: interface)
        default:
            return nil
        }
    }

    /// `address/32` of an endpoint that has an address.
    static func hostBlock(_ endpoint: Endpoint) -> String? {
        endpoint.address.map { "\($0)/32" }
    }

    /// The ports a rule opens when the finding names none: the traffic's port, every port, or any ICMP type.
    static func defaultPorts(_ ipProtocol: String, _ port: Int?) -> [Int]? {
        switch ipProtocol {
        case "icmp": [port ?? -1, -1]
        case "tcp", "udp": port.map { [$0, $0] } ?? [0, 65535]
        default: nil
        }
    }

    /// The protocol number ACL entries use.
    static func protocolNumber(_ name: String) -> String {
        switch name {
        case "tcp": "6"
        case "udp": "17"
        case "icmp": "1"
        default: "-1"
        }
    }
}
