import Addressing

/// CreateTransitGateway, DeleteTransitGateway, CreateTransitGatewayRouteTable and DeleteTransitGatewayRouteTable.
extension Transaction {
    /// Creates a transit gateway; with default route table association or propagation on (AWS's default), also its
    /// default route table, which new attachments are then associated with and propagate into.
    public mutating func createTransitGateway(description: String, options: TransitGateway.Options, tags: TagSet) throws(EC2Error)
        -> TransitGateway
    {
        guard TransitGateway.Options.isValidAsn(options.amazonSideAsn) else { throw .invalidAmazonSideAsn(options.amazonSideAsn) }
        for block in options.cidrBlocks where IPCIDR(block) == nil {
            throw .invalidParameterValue("Value (\(block)) for parameter transitGatewayCidrBlocks is invalid.")
        }
        var gateway = TransitGateway(
            id: newId(.transitGateway), scope: scope, description: description, options: options, tags: tags, createdAt: now)
        if options.defaultRouteTableAssociation || options.defaultRouteTablePropagation {
            let table = TransitGatewayRouteTable(
                id: newId(.transitGatewayRouteTable), scope: scope, transitGatewayId: gateway.id, tags: [:], createdAt: now)
            put(table)
            if options.defaultRouteTableAssociation { gateway.associationDefaultRouteTableId = table.id }
            if options.defaultRouteTablePropagation { gateway.propagationDefaultRouteTableId = table.id }
        }
        put(gateway)
        return gateway
    }

    /// Deletes a transit gateway that has no attachment left; its route tables go with it.
    public mutating func deleteTransitGateway(_ id: String) throws(EC2Error) -> TransitGateway {
        var gateway = try requireLiveTransitGateway(id)
        let attachments =
            (all(TransitGatewayAttachment.self).filter { $0.transitGatewayId == id && $0.isLive }.map(\.id)
            + livePeeringAttachments(of: id).map(\.id)).sorted()
        guard attachments.isEmpty else { throw .transitGatewayHasAttachments(id, attachments: attachments) }
        for var table in all(TransitGatewayRouteTable.self) where table.transitGatewayId == id && table.isLive {
            table.deletedAt = now
            put(table)
        }
        gateway.deletedAt = now
        put(gateway)
        return gateway
    }

    public mutating func createTransitGatewayRouteTable(transitGatewayId: String, tags: TagSet) throws(EC2Error) -> TransitGatewayRouteTable {
        let gateway = try requireLiveTransitGateway(transitGatewayId)
        let table = TransitGatewayRouteTable(
            id: newId(.transitGatewayRouteTable), scope: scope, transitGatewayId: gateway.id, tags: tags, createdAt: now)
        put(table)
        return table
    }

    /// Deletes a route table no attachment (VPC or peering, on this gateway's side) is associated with. A default route
    /// table stops being the default.
    public mutating func deleteTransitGatewayRouteTable(_ id: String) throws(EC2Error) -> TransitGatewayRouteTable {
        var table = try requireLiveTransitGatewayRouteTable(id)
        guard !all(TransitGatewayAttachment.self).contains(where: { $0.isLive && $0.associatedRouteTableId == id }),
            !livePeeringAttachments(of: table.transitGatewayId).contains(where: { $0.associatedRouteTableId(on: table.transitGatewayId) == id })
        else {
            throw .transitGatewayRouteTableAssociated(id)
        }
        if var gateway = get(TransitGateway.self, table.transitGatewayId) {
            if gateway.associationDefaultRouteTableId == id { gateway.associationDefaultRouteTableId = nil }
            if gateway.propagationDefaultRouteTableId == id { gateway.propagationDefaultRouteTableId = nil }
            put(gateway)
        }
        table.deletedAt = now
        put(table)
        return table
    }

    /// A transit gateway of the caller's that is not deleted; a deleted one is not found, as on AWS.
    func requireLiveTransitGateway(_ id: String) throws(EC2Error) -> TransitGateway {
        let gateway = try require(TransitGateway.self, id)
        guard gateway.isLive else { throw TransitGateway.idKind.notFound([id]) }
        return gateway
    }

    func requireLiveTransitGatewayRouteTable(_ id: String) throws(EC2Error) -> TransitGatewayRouteTable {
        let table = try require(TransitGatewayRouteTable.self, id)
        guard table.isLive else { throw TransitGatewayRouteTable.idKind.notFound([id]) }
        return table
    }

    func requireLiveTransitGatewayAttachment(_ id: String) throws(EC2Error) -> TransitGatewayAttachment {
        let attachment = try require(TransitGatewayAttachment.self, id)
        guard attachment.isLive else { throw TransitGatewayAttachment.idKind.notFound([id]) }
        return attachment
    }
}
