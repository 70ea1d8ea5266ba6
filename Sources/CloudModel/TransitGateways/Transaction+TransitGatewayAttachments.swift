/// CreateTransitGatewayVpcAttachment and DeleteTransitGatewayVpcAttachment.
extension Transaction {
    /// Attaches a VPC to a transit gateway through one requester-managed interface in each subnet (one subnet per
    /// availability zone), associated with and propagating into the gateway's default route tables when it has them.
    ///
    /// The transit gateway must be the caller's: LocalVPC has no Resource Access Manager to share one with another
    /// account, so another account's gateway is not found, as AWS answers for a gateway that is not shared.
    public mutating func createTransitGatewayVpcAttachment(
        transitGatewayId: String, vpcId: String, subnetIds: [String], options: TransitGatewayAttachment.Options, tags: TagSet
    ) throws(EC2Error) -> TransitGatewayAttachment {
        let gateway = try requireLiveTransitGateway(transitGatewayId)
        let vpc = try require(Vpc.self, vpcId)
        guard !subnetIds.isEmpty else { throw .attachmentNeedsSubnets }
        var zones = Set<String>()
        var subnets: [Subnet] = []
        for subnetId in subnetIds {
            let subnet = try require(Subnet.self, subnetId)
            guard subnet.subnetVpcId == vpc.id else { throw .attachmentSubnetElsewhere(subnet.id, vpcId: vpc.id) }
            guard zones.insert(subnet.availabilityZone).inserted else { throw .duplicateAttachmentSubnetsInSameZone(subnet.id) }
            subnets.append(subnet)
        }
        guard !all(TransitGatewayAttachment.self, inVpc: vpc.id).contains(where: { $0.isLive && $0.transitGatewayId == gateway.id }) else {
            throw .duplicateTransitGatewayAttachment(gateway.id)
        }
        var attachment = TransitGatewayAttachment(
            id: newId(.transitGatewayAttachment), scope: scope, transitGatewayId: gateway.id, vpcId: vpc.id, options: options, tags: tags,
            createdAt: now)
        for subnet in subnets { try addAttachmentInterface(to: &attachment, in: subnet) }
        if gateway.options.defaultRouteTableAssociation, let tableId = gateway.associationDefaultRouteTableId {
            attachment.associatedRouteTableId = tableId
        }
        if gateway.options.defaultRouteTablePropagation, let tableId = gateway.propagationDefaultRouteTableId,
            var table = get(TransitGatewayRouteTable.self, tableId), table.isLive
        {
            table.propagatingAttachmentIds.append(attachment.id)
            put(table)
        }
        put(attachment)
        return attachment
    }

    /// Deletes an attachment: its interfaces go, its association and propagations end, and static routes to it turn
    /// `blackhole`.
    public mutating func deleteTransitGatewayVpcAttachment(_ id: String) throws(EC2Error) -> TransitGatewayAttachment {
        var attachment = try requireLiveTransitGatewayAttachment(id)
        for member in attachment.subnetInterfaces {
            if let interface = get(NetworkInterface.self, member.networkInterfaceId) {
                deleteFlowLogs(monitoring: interface.id)
                delete(interface)
            }
        }
        for var table in all(TransitGatewayRouteTable.self) where table.propagatingAttachmentIds.contains(id) {
            table.propagatingAttachmentIds.removeAll { $0 == id }
            put(table)
        }
        attachment.associatedRouteTableId = nil
        attachment.deletedAt = now
        put(attachment)
        return attachment
    }

    /// Makes the attachment's requester-managed interface in `subnet` and records it on the attachment.
    mutating func addAttachmentInterface(to attachment: inout TransitGatewayAttachment, in subnet: Subnet) throws(EC2Error) {
        var taken = privateIpsInUse(in: subnet)
        var interface = try makeInterface(
            InterfaceRequest(subnetId: subnet.id, description: "Network Interface for Transit Gateway Attachment \(attachment.id)"),
            in: subnet, taken: &taken, tags: [:])
        interface.interfaceType = .transitGateway
        interface.groupIds = []
        put(interface)
        attachment.subnetInterfaces.append(
            TransitGatewayAttachment.SubnetInterface(subnetId: subnet.id, networkInterfaceId: interface.id, availabilityZone: subnet.availabilityZone)
        )
    }
}
