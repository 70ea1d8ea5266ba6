/// CreateTransitGatewayPeeringAttachment, Accept…, Reject… and DeleteTransitGatewayPeeringAttachment.
extension Transaction {
    /// Requests a peering between the caller's transit gateway and one in another account or region. As with VPC
    /// peering, a peer gateway that does not exist does not fail the call: the attachment is `failed`.
    public mutating func createTransitGatewayPeeringAttachment(
        transitGatewayId: String, peerTransitGatewayId: String, peerAccountId: String, peerRegion: String, tags: TagSet
    ) throws(EC2Error) -> TransitGatewayPeeringAttachment {
        let gateway = try requireLiveTransitGateway(transitGatewayId)
        try TransitGateway.idKind.validate(peerTransitGatewayId)
        guard peerAccountId.count == 12, peerAccountId.allSatisfy(\.isNumber) else {
            throw .invalidParameterValue("Value (\(peerAccountId)) for parameter peerAccountId is invalid.")
        }
        guard RegionCatalog.region(named: peerRegion) != nil else {
            throw .invalidParameterValue("Value (\(peerRegion)) for parameter peerRegion is invalid.")
        }
        let peerScope = AccountRegion(account: peerAccountId, region: peerRegion)
        guard peerTransitGatewayId != gateway.id else {
            throw .invalidParameterValue("A transit gateway cannot peer with itself (\(gateway.id)).")
        }
        let peerExists = get(TransitGateway.self, peerTransitGatewayId, in: peerScope)?.isLive == true
        let attachment = TransitGatewayPeeringAttachment(
            id: newId(.transitGatewayAttachment), scope: scope, transitGatewayId: gateway.id, peerTransitGatewayId: peerTransitGatewayId,
            peerScope: peerScope, status: peerExists ? .pendingAcceptance : .failed, tags: tags, createdAt: now)
        put(attachment)
        return attachment
    }

    /// Accepts a peering request: only the peer gateway's owner, in the peer's region.
    public mutating func acceptTransitGatewayPeeringAttachment(_ id: String) throws(EC2Error) -> TransitGatewayPeeringAttachment {
        try answerPeeringAttachment(id, action: "accept", with: .accepted)
    }

    public mutating func rejectTransitGatewayPeeringAttachment(_ id: String) throws(EC2Error) -> TransitGatewayPeeringAttachment {
        try answerPeeringAttachment(id, action: "reject", with: .rejected)
    }

    /// The accepter's answer to a peering request, `status` from now on.
    private mutating func answerPeeringAttachment(
        _ id: String, action: String, with status: TransitGatewayPeeringAttachment.Status
    ) throws(EC2Error) -> TransitGatewayPeeringAttachment {
        var attachment = try requirePeeringAttachmentAsAccepter(id, action: action)
        attachment.status = status
        attachment.statusChangedAt = now
        put(attachment)
        return attachment
    }

    /// Deletes a pending or accepted peering attachment, from either side.
    public mutating func deleteTransitGatewayPeeringAttachment(_ id: String) throws(EC2Error) -> TransitGatewayPeeringAttachment {
        var attachment = try requireVisiblePeeringAttachment(id)
        guard attachment.isLive else { throw .transitGatewayPeeringNotLive(id, state: attachment.state(at: now)) }
        attachment.status = .deleted
        attachment.statusChangedAt = now
        put(attachment)
        return attachment
    }

    /// The peering attachment `id` as the caller's side sees it; another account or region sees nothing.
    func requireVisiblePeeringAttachment(_ id: String) throws(EC2Error) -> TransitGatewayPeeringAttachment {
        try TransitGatewayPeeringAttachment.idKind.validate(id)
        guard let home = storedScope(of: id), let attachment = get(TransitGatewayPeeringAttachment.self, id, in: home),
            attachment.involves(scope), attachment.isVisible(at: now)
        else { throw TransitGatewayPeeringAttachment.idKind.notFound([id]) }
        return attachment
    }

    /// The live attachments peering with `transitGatewayId` of the caller's, from either side.
    func livePeeringAttachments(of transitGatewayId: String) -> [TransitGatewayPeeringAttachment] {
        let mine = all(TransitGatewayPeeringAttachment.self).filter { $0.transitGatewayId == transitGatewayId && $0.isLive }
        let theirs = base.transitGatewayPeeringAttachments(seenFrom: scope).filter { $0.peerTransitGatewayId == transitGatewayId && $0.isLive }
        return mine + theirs.filter { theirs in get(TransitGatewayPeeringAttachment.self, theirs.id, in: theirs.scope)?.isLive == true }
    }

    private func requirePeeringAttachmentAsAccepter(_ id: String, action: String) throws(EC2Error) -> TransitGatewayPeeringAttachment {
        let attachment = try requireVisiblePeeringAttachment(id)
        guard scope == attachment.peerScope else { throw .transitGatewayPeeringNotAccepter(id, action: action, accepter: attachment.peerScope) }
        guard attachment.status == .pendingAcceptance else { throw .transitGatewayPeeringNotLive(id, state: attachment.state(at: now)) }
        return attachment
    }
}
