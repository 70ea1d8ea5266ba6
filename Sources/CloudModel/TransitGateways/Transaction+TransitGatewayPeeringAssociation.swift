/// AssociateTransitGatewayRouteTable and DisassociateTransitGatewayRouteTable for a peering attachment: each side
/// associates it with a route table of its own gateway ("After you create the route, associate the transit gateway
/// route table with the transit gateway peering attachment", Transit Gateways guide, "Add a route to a transit gateway
/// route table"), which routes what arrives from the peer gateway.
extension Transaction {
    /// Whether `attachmentId` names a peering attachment the caller's side sees (not a VPC attachment).
    public func isTransitGatewayPeeringAttachment(_ attachmentId: String) -> Bool {
        get(TransitGatewayAttachment.self, attachmentId) == nil && (try? requireVisiblePeeringAttachment(attachmentId)) != nil
    }

    /// Associates the caller's side of a live peering attachment with a route table of the caller's gateway in it.
    public mutating func associateTransitGatewayPeeringRouteTable(_ routeTableId: String, attachmentId: String) throws(EC2Error)
        -> TransitGatewayPeeringAttachment
    {
        let table = try requireLiveTransitGatewayRouteTable(routeTableId)
        var peering = try requireLivePeering(attachmentId, of: table)
        guard peering.associatedRouteTableId(on: table.transitGatewayId) == nil else {
            throw .transitGatewayAttachmentAlreadyAssociated(peering.id)
        }
        if table.transitGatewayId == peering.transitGatewayId {
            peering.requesterRouteTableId = table.id
        } else {
            peering.accepterRouteTableId = table.id
        }
        put(peering)
        return peering
    }

    public mutating func disassociateTransitGatewayPeeringRouteTable(_ routeTableId: String, attachmentId: String) throws(EC2Error)
        -> TransitGatewayPeeringAttachment
    {
        let table = try requireLiveTransitGatewayRouteTable(routeTableId)
        var peering = try requireLivePeering(attachmentId, of: table)
        guard peering.associatedRouteTableId(on: table.transitGatewayId) == table.id else {
            throw .transitGatewayAssociationNotFound(peering.id, routeTableId: table.id)
        }
        if table.transitGatewayId == peering.transitGatewayId { peering.requesterRouteTableId = nil } else { peering.accepterRouteTableId = nil }
        put(peering)
        return peering
    }

    /// A live peering attachment one of whose sides is `table`'s gateway.
    private func requireLivePeering(_ attachmentId: String, of table: TransitGatewayRouteTable) throws(EC2Error) -> TransitGatewayPeeringAttachment {
        let peering = try requireVisiblePeeringAttachment(attachmentId)
        guard peering.isLive else { throw TransitGatewayPeeringAttachment.idKind.notFound([attachmentId]) }
        guard peering.transitGatewayId == table.transitGatewayId || peering.peerTransitGatewayId == table.transitGatewayId else {
            throw .attachmentOfAnotherTransitGateway(attachmentId, transitGatewayId: table.transitGatewayId)
        }
        return peering
    }
}
