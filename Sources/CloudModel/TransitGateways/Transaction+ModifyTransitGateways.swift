import Addressing

/// ModifyTransitGateway, ModifyTransitGatewayVpcAttachment and ReplaceTransitGatewayRoute.
extension Transaction {
    /// What ModifyTransitGateway changes; nil leaves a setting as it is.
    public struct TransitGatewayChanges: Sendable {
        public var description: String?
        public var amazonSideAsn: Int?
        public var autoAcceptSharedAttachments: Bool?
        public var defaultRouteTableAssociation: Bool?
        public var associationDefaultRouteTableId: String?
        public var defaultRouteTablePropagation: Bool?
        public var propagationDefaultRouteTableId: String?
        public var dnsSupport: Bool?
        public var vpnEcmpSupport: Bool?
        public var securityGroupReferencingSupport: Bool?
        public var addCidrBlocks: [String] = []
        public var removeCidrBlocks: [String] = []

        public init() {}
    }

    /// Changes a transit gateway's description and options. A default route table named here must be one of the
    /// gateway's; turning a default on without naming a table (and none set) makes one, as CreateTransitGateway does.
    public mutating func modifyTransitGateway(_ id: String, _ changes: TransitGatewayChanges) throws(EC2Error) -> TransitGateway {
        var gateway = try requireLiveTransitGateway(id)
        if let asn = changes.amazonSideAsn {
            guard TransitGateway.Options.isValidAsn(asn) else { throw .invalidAmazonSideAsn(asn) }
            gateway.options.amazonSideAsn = asn
        }
        for block in changes.addCidrBlocks + changes.removeCidrBlocks where IPCIDR(block) == nil {
            throw .invalidParameterValue("Value (\(block)) for parameter transitGatewayCidrBlocks is invalid.")
        }
        for tableId in [changes.associationDefaultRouteTableId, changes.propagationDefaultRouteTableId].compactMap(\.self) {
            let table = try requireLiveTransitGatewayRouteTable(tableId)
            guard table.transitGatewayId == id else {
                throw .invalidParameterValue("Transit Gateway Route Table \(tableId) does not belong to transit gateway \(id).")
            }
        }
        if let description = changes.description { gateway.description = description }
        if let value = changes.autoAcceptSharedAttachments { gateway.options.autoAcceptSharedAttachments = value }
        if let value = changes.dnsSupport { gateway.options.dnsSupport = value }
        if let value = changes.vpnEcmpSupport { gateway.options.vpnEcmpSupport = value }
        if let value = changes.securityGroupReferencingSupport { gateway.options.securityGroupReferencingSupport = value }
        gateway.options.cidrBlocks.append(contentsOf: changes.addCidrBlocks.filter { !gateway.options.cidrBlocks.contains($0) })
        gateway.options.cidrBlocks.removeAll { changes.removeCidrBlocks.contains($0) }
        if let value = changes.defaultRouteTableAssociation { gateway.options.defaultRouteTableAssociation = value }
        if let value = changes.defaultRouteTablePropagation { gateway.options.defaultRouteTablePropagation = value }
        if let tableId = changes.associationDefaultRouteTableId { gateway.associationDefaultRouteTableId = tableId }
        if let tableId = changes.propagationDefaultRouteTableId { gateway.propagationDefaultRouteTableId = tableId }
        if !gateway.options.defaultRouteTableAssociation { gateway.associationDefaultRouteTableId = nil }
        if !gateway.options.defaultRouteTablePropagation { gateway.propagationDefaultRouteTableId = nil }
        let needsTable =
            (gateway.options.defaultRouteTableAssociation && gateway.associationDefaultRouteTableId == nil)
            || (gateway.options.defaultRouteTablePropagation && gateway.propagationDefaultRouteTableId == nil)
        if needsTable {
            let existing = gateway.associationDefaultRouteTableId ?? gateway.propagationDefaultRouteTableId
            let tableId =
                existing
                ?? {
                    let table = TransitGatewayRouteTable(
                        id: newId(.transitGatewayRouteTable), scope: scope, transitGatewayId: id, tags: [:], createdAt: now)
                    put(table)
                    return table.id
                }()
            if gateway.options.defaultRouteTableAssociation, gateway.associationDefaultRouteTableId == nil {
                gateway.associationDefaultRouteTableId = tableId
            }
            if gateway.options.defaultRouteTablePropagation, gateway.propagationDefaultRouteTableId == nil {
                gateway.propagationDefaultRouteTableId = tableId
            }
        }
        put(gateway)
        return gateway
    }

    /// Adds and removes subnets of a VPC attachment (still one per zone, at least one left) and changes its options.
    public mutating func modifyTransitGatewayVpcAttachment(
        _ id: String, addSubnetIds: [String], removeSubnetIds: [String], options: (inout TransitGatewayAttachment.Options) throws(EC2Error) -> Void
    ) throws(EC2Error) -> TransitGatewayAttachment {
        var attachment = try requireLiveTransitGatewayAttachment(id)
        for subnetId in removeSubnetIds where !attachment.subnetIds.contains(subnetId) {
            throw .invalidParameterValue("The subnet \(subnetId) is not a subnet of Transit Gateway Attachment \(id).")
        }
        var zones = Set(attachment.subnetInterfaces.filter { !removeSubnetIds.contains($0.subnetId) }.map(\.availabilityZone))
        var added: [Subnet] = []
        for subnetId in addSubnetIds {
            let subnet = try require(Subnet.self, subnetId)
            guard subnet.subnetVpcId == attachment.attachmentVpcId else {
                throw .attachmentSubnetElsewhere(subnet.id, vpcId: attachment.attachmentVpcId)
            }
            guard zones.insert(subnet.availabilityZone).inserted else { throw .duplicateAttachmentSubnetsInSameZone(subnet.id) }
            added.append(subnet)
        }
        guard attachment.subnetInterfaces.count - removeSubnetIds.count + added.count > 0 else { throw .attachmentNeedsSubnets }
        try options(&attachment.options)
        for subnetId in removeSubnetIds {
            guard let index = attachment.subnetInterfaces.firstIndex(where: { $0.subnetId == subnetId }) else { continue }
            if let interface = get(NetworkInterface.self, attachment.subnetInterfaces[index].networkInterfaceId) {
                deleteFlowLogs(monitoring: interface.id)
                delete(interface)
            }
            attachment.subnetInterfaces.remove(at: index)
        }
        for subnet in added { try addAttachmentInterface(to: &attachment, in: subnet) }
        put(attachment)
        return attachment
    }

    /// Replaces the target of a static route (another attachment, or a blackhole).
    public mutating func replaceTransitGatewayRoute(_ routeTableId: String, destination: String, attachmentId: String?, blackhole: Bool)
        throws(EC2Error) -> TransitGatewayRouteTable.StaticRoute
    {
        let table = try requireLiveTransitGatewayRouteTable(routeTableId)
        guard table.staticRoutes.contains(where: { $0.destination.description == destination }) else {
            throw .transitGatewayRouteNotFound(destination, routeTableId: table.id)
        }
        _ = try deleteTransitGatewayRoute(routeTableId, destination: destination)
        return try createTransitGatewayRoute(routeTableId, destination: destination, attachmentId: attachmentId, blackhole: blackhole)
    }
}
