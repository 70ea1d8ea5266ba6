import CloudModel
import EC2Protocol
import Foundation

extension EC2Handlers {
    func createTransitGatewayVpcAttachment(_ request: EC2.CreateTransitGatewayVpcAttachmentRequest, context: Context) async throws
        -> EC2.CreateTransitGatewayVpcAttachmentResult
    {
        let options = try TransitGatewayAttachment.Options(request.options)
        let attachment = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            let tags = try TagSet.creating(TransitGatewayAttachment.resourceType, from: TagSpecification.from(request.tagSpecifications))
            return try transaction.createTransitGatewayVpcAttachment(
                transitGatewayId: request.transitGatewayId, vpcId: request.vpcId, subnetIds: request.subnetIds, options: options, tags: tags)
        }
        return EC2.CreateTransitGatewayVpcAttachmentResult(
            transitGatewayVpcAttachment: EC2.TransitGatewayVpcAttachment(attachment, at: cloud.clock.now()))
    }

    func deleteTransitGatewayVpcAttachment(_ request: EC2.DeleteTransitGatewayVpcAttachmentRequest, context: Context) async throws
        -> EC2.DeleteTransitGatewayVpcAttachmentResult
    {
        let attachment = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.deleteTransitGatewayVpcAttachment(request.transitGatewayAttachmentId)
        }
        return EC2.DeleteTransitGatewayVpcAttachmentResult(
            transitGatewayVpcAttachment: EC2.TransitGatewayVpcAttachment(attachment, at: cloud.clock.now()))
    }

    func modifyTransitGatewayVpcAttachment(_ request: EC2.ModifyTransitGatewayVpcAttachmentRequest, context: Context) async throws
        -> EC2.ModifyTransitGatewayVpcAttachmentResult
    {
        let attachment = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.modifyTransitGatewayVpcAttachment(
                request.transitGatewayAttachmentId, addSubnetIds: request.addSubnetIds ?? [], removeSubnetIds: request.removeSubnetIds ?? []
            ) { options throws(EC2Error) in
                typealias Switch = TransitGateway.Options
                let given = request.options
                options.dnsSupport = try Switch.switchValue("DnsSupport", given?.dnsSupport, options.dnsSupport)
                options.ipv6Support = try Switch.switchValue("Ipv6Support", given?.ipv6Support, options.ipv6Support)
                options.applianceModeSupport = try Switch.switchValue(
                    "ApplianceModeSupport", given?.applianceModeSupport, options.applianceModeSupport)
                options.securityGroupReferencingSupport = try Switch.switchValue(
                    "SecurityGroupReferencingSupport", given?.securityGroupReferencingSupport, options.securityGroupReferencingSupport)
            }
        }
        return EC2.ModifyTransitGatewayVpcAttachmentResult(
            transitGatewayVpcAttachment: EC2.TransitGatewayVpcAttachment(attachment, at: cloud.clock.now()))
    }

    func describeTransitGatewayAttachments(_ request: EC2.DescribeTransitGatewayAttachmentsRequest, context: Context) async throws
        -> EC2.DescribeTransitGatewayAttachmentsResult
    {
        let state = try await snapshot(context, dryRun: request.dryRun)
        let now = cloud.clock.now()
        let query = DescribeQuery(
            ids: request.transitGatewayAttachmentIds ?? [], filters: try Filter.from(request.filters), maxResults: request.maxResults,
            nextToken: request.nextToken)
        let page = try state.describeAnyTransitGatewayAttachments(seenFrom: context.scope, query: query, at: now)
        return EC2.DescribeTransitGatewayAttachmentsResult(
            transitGatewayAttachments: page.items.map { EC2.TransitGatewayAttachment($0, at: now) }, nextToken: page.nextToken)
    }

    func describeTransitGatewayVpcAttachments(_ request: EC2.DescribeTransitGatewayVpcAttachmentsRequest, context: Context) async throws
        -> EC2.DescribeTransitGatewayVpcAttachmentsResult
    {
        let (page, _) = try await describe(
            TransitGatewayAttachment.self, context, dryRun: request.dryRun, ids: request.transitGatewayAttachmentIds, filters: request.filters,
            maxResults: request.maxResults, nextToken: request.nextToken)
        let now = cloud.clock.now()
        return EC2.DescribeTransitGatewayVpcAttachmentsResult(
            transitGatewayVpcAttachments: page.items.map { EC2.TransitGatewayVpcAttachment($0, at: now) }, nextToken: page.nextToken)
    }
}

extension TransitGatewayAttachment.Options {
    /// The options as CreateTransitGatewayVpcAttachment gives them, AWS's defaults where absent.
    init(_ request: EC2.CreateTransitGatewayVpcAttachmentRequestOptions?) throws(EC2Error) {
        self.init()
        guard let request else { return }
        typealias Switch = TransitGateway.Options
        dnsSupport = try Switch.switchValue("DnsSupport", request.dnsSupport, dnsSupport)
        ipv6Support = try Switch.switchValue("Ipv6Support", request.ipv6Support, ipv6Support)
        applianceModeSupport = try Switch.switchValue("ApplianceModeSupport", request.applianceModeSupport, applianceModeSupport)
        securityGroupReferencingSupport = try Switch.switchValue(
            "SecurityGroupReferencingSupport", request.securityGroupReferencingSupport, securityGroupReferencingSupport)
    }
}

extension EC2.TransitGatewayVpcAttachment {
    init(_ attachment: TransitGatewayAttachment, at now: Date) {
        self.init()
        transitGatewayAttachmentId = attachment.id
        transitGatewayId = attachment.transitGatewayId
        vpcId = attachment.attachmentVpcId
        vpcOwnerId = attachment.scope.account
        state = attachment.state(at: now).rawValue
        subnetIds = attachment.subnetIds
        creationTime = attachment.createdAt
        let enabled = TransitGateway.enabled
        options = EC2.TransitGatewayVpcAttachmentOptions(
            dnsSupport: enabled(attachment.options.dnsSupport),
            securityGroupReferencingSupport: enabled(attachment.options.securityGroupReferencingSupport),
            ipv6Support: enabled(attachment.options.ipv6Support), applianceModeSupport: enabled(attachment.options.applianceModeSupport))
        tags = attachment.tags.wire
    }
}

extension EC2.TransitGatewayAttachment {
    init(_ any: CloudState.AnyTransitGatewayAttachment, at now: Date) {
        switch any {
        case .vpc(let attachment): self.init(attachment, at: now)
        case .peering(let attachment, let viewer): self.init(attachment, seenFrom: viewer, at: now)
        }
    }

    /// A peering attachment from `viewer`'s side: its gateway is the local one, the resource the other gateway.
    init(_ attachment: TransitGatewayPeeringAttachment, seenFrom viewer: AccountRegion, at now: Date) {
        self.init()
        let local = viewer == attachment.scope
        transitGatewayAttachmentId = attachment.id
        transitGatewayId = local ? attachment.transitGatewayId : attachment.peerTransitGatewayId
        transitGatewayOwnerId = viewer.account
        resourceOwnerId = local ? attachment.peerScope.account : attachment.scope.account
        resourceType = "peering"
        resourceId = local ? attachment.peerTransitGatewayId : attachment.transitGatewayId
        state = attachment.state(at: now)
        creationTime = attachment.createdAt
        // The viewer's side's association: its gateway's table that routes what arrives from the peer.
        association = attachment.associatedRouteTableId(on: transitGatewayId ?? "").map {
            EC2.TransitGatewayAttachmentAssociation(transitGatewayRouteTableId: $0, state: "associated")
        }
        tags = local ? attachment.tags.wire : nil
    }

    init(_ attachment: TransitGatewayAttachment, at now: Date) {
        self.init()
        transitGatewayAttachmentId = attachment.id
        transitGatewayId = attachment.transitGatewayId
        transitGatewayOwnerId = attachment.scope.account
        resourceOwnerId = attachment.scope.account
        resourceType = attachment.resourceType
        resourceId = attachment.attachmentVpcId
        state = attachment.state(at: now).rawValue
        association = attachment.associatedRouteTableId.map {
            EC2.TransitGatewayAttachmentAssociation(transitGatewayRouteTableId: $0, state: "associated")
        }
        creationTime = attachment.createdAt
        tags = attachment.tags.wire
    }
}
