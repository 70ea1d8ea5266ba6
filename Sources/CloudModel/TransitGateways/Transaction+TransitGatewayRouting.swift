public import Addressing

/// Associations, propagations and static routes of transit gateway route tables.
extension Transaction {
    /// Associates an attachment with a route table of its transit gateway; an attachment has at most one.
    public mutating func associateTransitGatewayRouteTable(_ routeTableId: String, attachmentId: String) throws(EC2Error)
        -> TransitGatewayAttachment
    {
        let (table, attachment) = try requireTableAndAttachment(routeTableId, attachmentId)
        guard attachment.associatedRouteTableId == nil else { throw .transitGatewayAttachmentAlreadyAssociated(attachment.id) }
        var associated = attachment
        associated.associatedRouteTableId = table.id
        put(associated)
        return associated
    }

    public mutating func disassociateTransitGatewayRouteTable(_ routeTableId: String, attachmentId: String) throws(EC2Error)
        -> TransitGatewayAttachment
    {
        let (table, attachment) = try requireTableAndAttachment(routeTableId, attachmentId)
        guard attachment.associatedRouteTableId == table.id else { throw .transitGatewayAssociationNotFound(attachment.id, routeTableId: table.id) }
        var disassociated = attachment
        disassociated.associatedRouteTableId = nil
        put(disassociated)
        return attachment
    }

    /// Makes the attachment's VPC CIDR blocks `propagated` routes of the table.
    public mutating func enableTransitGatewayRouteTablePropagation(_ routeTableId: String, attachmentId: String) throws(EC2Error)
        -> TransitGatewayAttachment
    {
        var (table, attachment) = try requireTableAndAttachment(routeTableId, attachmentId)
        guard !table.propagatingAttachmentIds.contains(attachment.id) else {
            throw .transitGatewayPropagationDuplicate(attachment.id, routeTableId: table.id)
        }
        table.propagatingAttachmentIds.append(attachment.id)
        put(table)
        return attachment
    }

    public mutating func disableTransitGatewayRouteTablePropagation(_ routeTableId: String, attachmentId: String) throws(EC2Error)
        -> TransitGatewayAttachment
    {
        var (table, attachment) = try requireTableAndAttachment(routeTableId, attachmentId)
        guard table.propagatingAttachmentIds.contains(attachment.id) else {
            throw .transitGatewayPropagationNotFound(attachment.id, routeTableId: table.id)
        }
        table.propagatingAttachmentIds.removeAll { $0 == attachment.id }
        put(table)
        return attachment
    }

    /// Adds a static route to an attachment of the table's transit gateway, or a blackhole route. A static route may
    /// have the prefix of a propagated one: it wins.
    public mutating func createTransitGatewayRoute(_ routeTableId: String, destination: String, attachmentId: String?, blackhole: Bool)
        throws(EC2Error) -> TransitGatewayRouteTable.StaticRoute
    {
        var table = try requireLiveTransitGatewayRouteTable(routeTableId)
        guard let block = IPv4CIDR(destination), block.canonical == block else { throw .invalidTransitGatewayRouteDestination(destination) }
        switch (attachmentId, blackhole) {
        case (nil, false): throw .transitGatewayRouteTargetMissing
        case (.some, true): throw .transitGatewayRouteTwoTargets
        default: break
        }
        if let attachmentId {
            // A VPC attachment of the table's gateway, or a live peering attachment one of whose sides it is.
            if get(TransitGatewayAttachment.self, attachmentId) == nil, let peering = try? requireVisiblePeeringAttachment(attachmentId) {
                guard peering.isLive else { throw TransitGatewayPeeringAttachment.idKind.notFound([attachmentId]) }
                let ours = peering.scope == scope ? peering.transitGatewayId : peering.peerTransitGatewayId
                guard ours == table.transitGatewayId else {
                    throw .attachmentOfAnotherTransitGateway(attachmentId, transitGatewayId: table.transitGatewayId)
                }
            } else {
                let attachment = try requireLiveTransitGatewayAttachment(attachmentId)
                guard attachment.transitGatewayId == table.transitGatewayId else {
                    throw .attachmentOfAnotherTransitGateway(attachment.id, transitGatewayId: table.transitGatewayId)
                }
            }
        }
        guard !table.staticRoutes.contains(where: { $0.destination == block }) else {
            throw .transitGatewayRouteAlreadyExists(destination, routeTableId: table.id)
        }
        let route = TransitGatewayRouteTable.StaticRoute(destination: block, attachmentId: attachmentId)
        table.staticRoutes.append(route)
        put(table)
        return route
    }

    /// Deletes a static route; a propagated one goes only when its propagation is disabled.
    public mutating func deleteTransitGatewayRoute(_ routeTableId: String, destination: String) throws(EC2Error)
        -> TransitGatewayRouteTable.StaticRoute
    {
        var table = try requireLiveTransitGatewayRouteTable(routeTableId)
        guard let index = table.staticRoutes.firstIndex(where: { $0.destination.description == destination }) else {
            throw .transitGatewayRouteNotFound(destination, routeTableId: table.id)
        }
        let route = table.staticRoutes.remove(at: index)
        put(table)
        return route
    }

    /// A live route table and a live attachment of the same transit gateway.
    private func requireTableAndAttachment(_ routeTableId: String, _ attachmentId: String) throws(EC2Error)
        -> (TransitGatewayRouteTable, TransitGatewayAttachment)
    {
        let table = try requireLiveTransitGatewayRouteTable(routeTableId)
        let attachment = try requireLiveTransitGatewayAttachment(attachmentId)
        guard attachment.transitGatewayId == table.transitGatewayId else {
            throw .attachmentOfAnotherTransitGateway(attachment.id, transitGatewayId: table.transitGatewayId)
        }
        return (table, attachment)
    }
}
