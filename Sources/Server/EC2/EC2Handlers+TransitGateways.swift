import CloudModel
import EC2Protocol
import Foundation

extension EC2Handlers {
    func createTransitGateway(_ request: EC2.CreateTransitGatewayRequest, context: Context) async throws -> EC2.CreateTransitGatewayResult {
        let options = try TransitGateway.Options(request.options)
        let gateway = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            let tags = try TagSet.creating(TransitGateway.resourceType, from: TagSpecification.from(request.tagSpecifications))
            return try transaction.createTransitGateway(description: request.description ?? "", options: options, tags: tags)
        }
        return EC2.CreateTransitGatewayResult(transitGateway: EC2.TransitGateway(gateway, at: cloud.clock.now()))
    }

    func deleteTransitGateway(_ request: EC2.DeleteTransitGatewayRequest, context: Context) async throws -> EC2.DeleteTransitGatewayResult {
        let gateway = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.deleteTransitGateway(request.transitGatewayId)
        }
        return EC2.DeleteTransitGatewayResult(transitGateway: EC2.TransitGateway(gateway, at: cloud.clock.now()))
    }

    func modifyTransitGateway(_ request: EC2.ModifyTransitGatewayRequest, context: Context) async throws -> EC2.ModifyTransitGatewayResult {
        try Unsupported.refuse(["EncryptionSupport": request.options?.encryptionSupport])
        let changes = try Transaction.TransitGatewayChanges(description: request.description, request.options)
        let gateway = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.modifyTransitGateway(request.transitGatewayId, changes)
        }
        return EC2.ModifyTransitGatewayResult(transitGateway: EC2.TransitGateway(gateway, at: cloud.clock.now()))
    }

    func describeTransitGateways(_ request: EC2.DescribeTransitGatewaysRequest, context: Context) async throws
        -> EC2.DescribeTransitGatewaysResult
    {
        let (page, _) = try await describe(
            TransitGateway.self, context, dryRun: request.dryRun, ids: request.transitGatewayIds, filters: request.filters,
            maxResults: request.maxResults, nextToken: request.nextToken)
        let now = cloud.clock.now()
        return EC2.DescribeTransitGatewaysResult(transitGateways: page.items.map { EC2.TransitGateway($0, at: now) }, nextToken: page.nextToken)
    }
}

extension TransitGateway.Options {
    /// The options as CreateTransitGateway gives them, AWS's defaults where absent.
    init(_ request: EC2.TransitGatewayRequestOptions?) throws(EC2Error) {
        self.init()
        guard let request else { return }
        if let asn = request.amazonSideAsn { amazonSideAsn = asn }
        autoAcceptSharedAttachments = try Self.switchValue(
            "AutoAcceptSharedAttachments", request.autoAcceptSharedAttachments, autoAcceptSharedAttachments)
        defaultRouteTableAssociation = try Self.switchValue(
            "DefaultRouteTableAssociation", request.defaultRouteTableAssociation, defaultRouteTableAssociation)
        defaultRouteTablePropagation = try Self.switchValue(
            "DefaultRouteTablePropagation", request.defaultRouteTablePropagation, defaultRouteTablePropagation)
        dnsSupport = try Self.switchValue("DnsSupport", request.dnsSupport, dnsSupport)
        vpnEcmpSupport = try Self.switchValue("VpnEcmpSupport", request.vpnEcmpSupport, vpnEcmpSupport)
        multicastSupport = try Self.switchValue("MulticastSupport", request.multicastSupport, multicastSupport)
        securityGroupReferencingSupport = try Self.switchValue(
            "SecurityGroupReferencingSupport", request.securityGroupReferencingSupport, securityGroupReferencingSupport)
        cidrBlocks = request.transitGatewayCidrBlocks ?? []
    }

    /// `enable` or `disable`, or `current` when absent.
    static func switchValue(_ parameter: String, _ text: String?, _ current: Bool) throws(EC2Error) -> Bool {
        switch text {
        case nil: current
        case "enable": true
        case "disable": false
        case let value?:
            throw EC2Error.invalidParameterValue("Value (\(value)) for parameter \(parameter) is invalid. Valid values: enable, disable.")
        }
    }
}

extension Transaction.TransitGatewayChanges {
    /// The changes as ModifyTransitGateway gives them.
    init(description: String?, _ request: EC2.ModifyTransitGatewayOptions?) throws(EC2Error) {
        self.init()
        self.description = description
        guard let request else { return }
        typealias Switch = TransitGateway.Options
        func change(_ parameter: String, _ text: String?) throws(EC2Error) -> Bool? {
            guard let text else { return nil }
            return try Switch.switchValue(parameter, text, false)
        }
        amazonSideAsn = request.amazonSideAsn
        autoAcceptSharedAttachments = try change("AutoAcceptSharedAttachments", request.autoAcceptSharedAttachments)
        defaultRouteTableAssociation = try change("DefaultRouteTableAssociation", request.defaultRouteTableAssociation)
        associationDefaultRouteTableId = request.associationDefaultRouteTableId
        defaultRouteTablePropagation = try change("DefaultRouteTablePropagation", request.defaultRouteTablePropagation)
        propagationDefaultRouteTableId = request.propagationDefaultRouteTableId
        dnsSupport = try change("DnsSupport", request.dnsSupport)
        vpnEcmpSupport = try change("VpnEcmpSupport", request.vpnEcmpSupport)
        securityGroupReferencingSupport = try change("SecurityGroupReferencingSupport", request.securityGroupReferencingSupport)
        addCidrBlocks = request.addTransitGatewayCidrBlocks ?? []
        removeCidrBlocks = request.removeTransitGatewayCidrBlocks ?? []
    }
}

extension EC2.TransitGateway {
    init(_ gateway: TransitGateway, at now: Date) {
        self.init()
        transitGatewayId = gateway.id
        transitGatewayArn = gateway.arn
        state = gateway.state(at: now).rawValue
        ownerId = gateway.scope.account
        description = gateway.description.isEmpty ? nil : gateway.description
        creationTime = gateway.createdAt
        let enabled = TransitGateway.enabled
        options = EC2.TransitGatewayOptions(
            amazonSideAsn: gateway.options.amazonSideAsn,
            transitGatewayCidrBlocks: gateway.options.cidrBlocks.isEmpty ? nil : gateway.options.cidrBlocks,
            autoAcceptSharedAttachments: enabled(gateway.options.autoAcceptSharedAttachments),
            defaultRouteTableAssociation: enabled(gateway.options.defaultRouteTableAssociation),
            associationDefaultRouteTableId: gateway.associationDefaultRouteTableId,
            defaultRouteTablePropagation: enabled(gateway.options.defaultRouteTablePropagation),
            propagationDefaultRouteTableId: gateway.propagationDefaultRouteTableId, vpnEcmpSupport: enabled(gateway.options.vpnEcmpSupport),
            dnsSupport: enabled(gateway.options.dnsSupport),
            securityGroupReferencingSupport: enabled(gateway.options.securityGroupReferencingSupport),
            multicastSupport: enabled(gateway.options.multicastSupport))
        tags = gateway.tags.wire
    }
}
