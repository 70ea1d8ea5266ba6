import CloudModel
import EC2Protocol
import Foundation

extension EC2Handlers {
    func createTransitGatewayPeeringAttachment(_ request: EC2.CreateTransitGatewayPeeringAttachmentRequest, context: Context) async throws
        -> EC2.CreateTransitGatewayPeeringAttachmentResult
    {
        try Unsupported.refuse(["Options.DynamicRouting": request.options?.dynamicRouting.flatMap { $0 == "disable" ? nil : $0 }])
        let attachment = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            let tags = try TagSet.creating(TransitGatewayPeeringAttachment.resourceType, from: TagSpecification.from(request.tagSpecifications))
            return try transaction.createTransitGatewayPeeringAttachment(
                transitGatewayId: request.transitGatewayId, peerTransitGatewayId: request.peerTransitGatewayId,
                peerAccountId: request.peerAccountId, peerRegion: request.peerRegion, tags: tags)
        }
        // AWS answers while the request is being made.
        var wire = EC2.TransitGatewayPeeringAttachment(attachment, seenFrom: context.scope, at: cloud.clock.now())
        wire.state = "initiatingRequest"
        return EC2.CreateTransitGatewayPeeringAttachmentResult(transitGatewayPeeringAttachment: wire)
    }

    func acceptTransitGatewayPeeringAttachment(_ request: EC2.AcceptTransitGatewayPeeringAttachmentRequest, context: Context) async throws
        -> EC2.AcceptTransitGatewayPeeringAttachmentResult
    {
        let attachment = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.acceptTransitGatewayPeeringAttachment(request.transitGatewayAttachmentId)
        }
        return EC2.AcceptTransitGatewayPeeringAttachmentResult(
            transitGatewayPeeringAttachment: EC2.TransitGatewayPeeringAttachment(attachment, seenFrom: context.scope, at: cloud.clock.now()))
    }

    func rejectTransitGatewayPeeringAttachment(_ request: EC2.RejectTransitGatewayPeeringAttachmentRequest, context: Context) async throws
        -> EC2.RejectTransitGatewayPeeringAttachmentResult
    {
        let attachment = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.rejectTransitGatewayPeeringAttachment(request.transitGatewayAttachmentId)
        }
        return EC2.RejectTransitGatewayPeeringAttachmentResult(
            transitGatewayPeeringAttachment: EC2.TransitGatewayPeeringAttachment(attachment, seenFrom: context.scope, at: cloud.clock.now()))
    }

    func deleteTransitGatewayPeeringAttachment(_ request: EC2.DeleteTransitGatewayPeeringAttachmentRequest, context: Context) async throws
        -> EC2.DeleteTransitGatewayPeeringAttachmentResult
    {
        let attachment = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.deleteTransitGatewayPeeringAttachment(request.transitGatewayAttachmentId)
        }
        return EC2.DeleteTransitGatewayPeeringAttachmentResult(
            transitGatewayPeeringAttachment: EC2.TransitGatewayPeeringAttachment(attachment, seenFrom: context.scope, at: cloud.clock.now()))
    }

    func describeTransitGatewayPeeringAttachments(_ request: EC2.DescribeTransitGatewayPeeringAttachmentsRequest, context: Context) async throws
        -> EC2.DescribeTransitGatewayPeeringAttachmentsResult
    {
        let state = try await snapshot(context, dryRun: request.dryRun)
        let now = cloud.clock.now()
        let query = DescribeQuery(
            ids: request.transitGatewayAttachmentIds ?? [], filters: try Filter.from(request.filters), maxResults: request.maxResults,
            nextToken: request.nextToken)
        let page = try state.describeTransitGatewayPeeringAttachments(seenFrom: context.scope, query: query, at: now)
        return EC2.DescribeTransitGatewayPeeringAttachmentsResult(
            transitGatewayPeeringAttachments: page.items.map { EC2.TransitGatewayPeeringAttachment($0, seenFrom: context.scope, at: now) },
            nextToken: page.nextToken)
    }
}

extension EC2.TransitGatewayPeeringAttachment {
    /// The attachment as `viewer`'s side sees it: the same id, both gateways, the requester's tags on its side only.
    init(_ attachment: TransitGatewayPeeringAttachment, seenFrom viewer: AccountRegion, at now: Date) {
        self.init()
        transitGatewayAttachmentId = attachment.id
        requesterTgwInfo = EC2.PeeringTgwInfo(
            transitGatewayId: attachment.transitGatewayId, ownerId: attachment.scope.account, region: attachment.scope.region)
        accepterTgwInfo = EC2.PeeringTgwInfo(
            transitGatewayId: attachment.peerTransitGatewayId, ownerId: attachment.peerScope.account, region: attachment.peerScope.region)
        options = EC2.TransitGatewayPeeringAttachmentOptions(dynamicRouting: "disable")
        let state = attachment.state(at: now)
        self.state = state
        status = EC2.PeeringAttachmentStatus(code: state, message: Self.message(state))
        creationTime = attachment.createdAt
        tags = viewer == attachment.scope ? attachment.tags.wire : nil
    }

    /// `Status.Message` as AWS words it for the common states.
    static func message(_ state: String) -> String {
        switch state {
        case "pendingAcceptance": "Pending Acceptance"
        case "available": "Available"
        case "failed": "Failed: the peer transit gateway does not exist"
        default: state.prefix(1).uppercased() + state.dropFirst()
        }
    }
}
