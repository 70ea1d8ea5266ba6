import Addressing
import CloudModel
import EC2Protocol
import Foundation

extension EC2Handlers {
    func createTransitGatewayRouteTable(_ request: EC2.CreateTransitGatewayRouteTableRequest, context: Context) async throws
        -> EC2.CreateTransitGatewayRouteTableResult
    {
        let table = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            let tags = try TagSet.creating(TransitGatewayRouteTable.resourceType, from: TagSpecification.from(request.tagSpecifications))
            return try transaction.createTransitGatewayRouteTable(transitGatewayId: request.transitGatewayId, tags: tags)
        }
        let state = try await cloud.snapshot(for: context.scope)
        return EC2.CreateTransitGatewayRouteTableResult(
            transitGatewayRouteTable: EC2.TransitGatewayRouteTable(table, in: state, at: cloud.clock.now()))
    }

    func deleteTransitGatewayRouteTable(_ request: EC2.DeleteTransitGatewayRouteTableRequest, context: Context) async throws
        -> EC2.DeleteTransitGatewayRouteTableResult
    {
        let table = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.deleteTransitGatewayRouteTable(request.transitGatewayRouteTableId)
        }
        let state = try await cloud.snapshot(for: context.scope)
        return EC2.DeleteTransitGatewayRouteTableResult(
            transitGatewayRouteTable: EC2.TransitGatewayRouteTable(table, in: state, at: cloud.clock.now()))
    }

    func describeTransitGatewayRouteTables(_ request: EC2.DescribeTransitGatewayRouteTablesRequest, context: Context) async throws
        -> EC2.DescribeTransitGatewayRouteTablesResult
    {
        let (page, state) = try await describe(
            TransitGatewayRouteTable.self, context, dryRun: request.dryRun, ids: request.transitGatewayRouteTableIds, filters: request.filters,
            maxResults: request.maxResults, nextToken: request.nextToken)
        let now = cloud.clock.now()
        return EC2.DescribeTransitGatewayRouteTablesResult(
            transitGatewayRouteTables: page.items.map { EC2.TransitGatewayRouteTable($0, in: state, at: now) }, nextToken: page.nextToken)
    }

    func associateTransitGatewayRouteTable(_ request: EC2.AssociateTransitGatewayRouteTableRequest, context: Context) async throws
        -> EC2.AssociateTransitGatewayRouteTableResult
    {
        let (table, id) = (request.transitGatewayRouteTableId, request.transitGatewayAttachmentId)
        let association = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            // A peering attachment is associated on the caller's side; a VPC attachment once.
            if transaction.isTransitGatewayPeeringAttachment(id) {
                let peering = try transaction.associateTransitGatewayPeeringRouteTable(table, attachmentId: id)
                return EC2.TransitGatewayAssociation(
                    table, peering, gatewayId: transaction.get(TransitGatewayRouteTable.self, table)?.transitGatewayId, state: "associating")
            }
            return EC2.TransitGatewayAssociation(
                table, try transaction.associateTransitGatewayRouteTable(table, attachmentId: id), state: "associating")
        }
        // AWS answers while the association is still being made.
        return EC2.AssociateTransitGatewayRouteTableResult(association: association)
    }

    func disassociateTransitGatewayRouteTable(_ request: EC2.DisassociateTransitGatewayRouteTableRequest, context: Context) async throws
        -> EC2.DisassociateTransitGatewayRouteTableResult
    {
        let (table, id) = (request.transitGatewayRouteTableId, request.transitGatewayAttachmentId)
        let association = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            if transaction.isTransitGatewayPeeringAttachment(id) {
                let peering = try transaction.disassociateTransitGatewayPeeringRouteTable(table, attachmentId: id)
                return EC2.TransitGatewayAssociation(
                    table, peering, gatewayId: transaction.get(TransitGatewayRouteTable.self, table)?.transitGatewayId, state: "disassociating")
            }
            return EC2.TransitGatewayAssociation(
                table, try transaction.disassociateTransitGatewayRouteTable(table, attachmentId: id), state: "disassociating")
        }
        return EC2.DisassociateTransitGatewayRouteTableResult(association: association)
    }

    func enableTransitGatewayRouteTablePropagation(_ request: EC2.EnableTransitGatewayRouteTablePropagationRequest, context: Context) async throws
        -> EC2.EnableTransitGatewayRouteTablePropagationResult
    {
        try Unsupported.refuse(["TransitGatewayRouteTableAnnouncementId": request.transitGatewayRouteTableAnnouncementId])
        guard let attachmentId = request.transitGatewayAttachmentId else { throw EC2Error.missingParameter("TransitGatewayAttachmentId") }
        let attachment = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.enableTransitGatewayRouteTablePropagation(request.transitGatewayRouteTableId, attachmentId: attachmentId)
        }
        return EC2.EnableTransitGatewayRouteTablePropagationResult(
            propagation: EC2.TransitGatewayPropagation(
                transitGatewayAttachmentId: attachment.id, resourceId: attachment.attachmentVpcId, resourceType: attachment.resourceType,
                transitGatewayRouteTableId: request.transitGatewayRouteTableId, state: "enabled"))
    }

    func disableTransitGatewayRouteTablePropagation(_ request: EC2.DisableTransitGatewayRouteTablePropagationRequest, context: Context) async throws
        -> EC2.DisableTransitGatewayRouteTablePropagationResult
    {
        try Unsupported.refuse(["TransitGatewayRouteTableAnnouncementId": request.transitGatewayRouteTableAnnouncementId])
        guard let attachmentId = request.transitGatewayAttachmentId else { throw EC2Error.missingParameter("TransitGatewayAttachmentId") }
        let attachment = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.disableTransitGatewayRouteTablePropagation(request.transitGatewayRouteTableId, attachmentId: attachmentId)
        }
        return EC2.DisableTransitGatewayRouteTablePropagationResult(
            propagation: EC2.TransitGatewayPropagation(
                transitGatewayAttachmentId: attachment.id, resourceId: attachment.attachmentVpcId, resourceType: attachment.resourceType,
                transitGatewayRouteTableId: request.transitGatewayRouteTableId, state: "disabled"))
    }

    func createTransitGatewayRoute(_ request: EC2.CreateTransitGatewayRouteRequest, context: Context) async throws
        -> EC2.CreateTransitGatewayRouteResult
    {
        let route = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.createTransitGatewayRoute(
                request.transitGatewayRouteTableId, destination: request.destinationCidrBlock, attachmentId: request.transitGatewayAttachmentId,
                blackhole: request.blackhole ?? false)
        }
        return EC2.CreateTransitGatewayRouteResult(route: try await shownRoute(route, in: request.transitGatewayRouteTableId, context))
    }

    func replaceTransitGatewayRoute(_ request: EC2.ReplaceTransitGatewayRouteRequest, context: Context) async throws
        -> EC2.ReplaceTransitGatewayRouteResult
    {
        let route = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.replaceTransitGatewayRoute(
                request.transitGatewayRouteTableId, destination: request.destinationCidrBlock, attachmentId: request.transitGatewayAttachmentId,
                blackhole: request.blackhole ?? false)
        }
        return EC2.ReplaceTransitGatewayRouteResult(route: try await shownRoute(route, in: request.transitGatewayRouteTableId, context))
    }

    func getTransitGatewayRouteTableAssociations(_ request: EC2.GetTransitGatewayRouteTableAssociationsRequest, context: Context) async throws
        -> EC2.GetTransitGatewayRouteTableAssociationsResult
    {
        let state = try await snapshot(context, dryRun: request.dryRun)
        let filters = try Filter.from(request.filters)
        let tableId = request.transitGatewayRouteTableId
        let vpcMembers = try state.transitGatewayRouteTableMembers(tableId, .associations, filters: filters, in: context.scope)
        // Peering attachments this side associated with the table: their resource is the other gateway.
        let gatewayId = state.get(TransitGatewayRouteTable.self, tableId, in: context.scope)?.transitGatewayId ?? ""
        let peerings = state.transitGatewayPeeringAttachments(seenFrom: context.scope).filter { peering in
            peering.isLive && peering.associatedRouteTableId(on: gatewayId) == tableId
                && filters.allSatisfy { filter in
                    let values =
                        switch filter.name {
                        case "resource-id": [peering.otherGateway(than: gatewayId)]
                        case "resource-type": ["peering"]
                        default: [peering.id]
                        }
                    return filter.matches(any: values)
                }
        }
        let members =
            vpcMembers.map { (createdAt: $0.createdAt, id: $0.id, resourceId: $0.attachmentVpcId, resourceType: $0.resourceType) }
            + peerings.map { (createdAt: $0.createdAt, id: $0.id, resourceId: $0.otherGateway(than: gatewayId), resourceType: "peering") }
        let page = try state.paginate(members, query: DescribeQuery(maxResults: request.maxResults, nextToken: request.nextToken)) {
            ($0.createdAt, $0.id)
        }
        return EC2.GetTransitGatewayRouteTableAssociationsResult(
            associations: page.items.map {
                EC2.TransitGatewayRouteTableAssociation(
                    transitGatewayAttachmentId: $0.id, resourceId: $0.resourceId, resourceType: $0.resourceType, state: "associated")
            }, nextToken: page.nextToken)
    }

    func getTransitGatewayRouteTablePropagations(_ request: EC2.GetTransitGatewayRouteTablePropagationsRequest, context: Context) async throws
        -> EC2.GetTransitGatewayRouteTablePropagationsResult
    {
        let state = try await snapshot(context, dryRun: request.dryRun)
        let members = try state.transitGatewayRouteTableMembers(
            request.transitGatewayRouteTableId, .propagations, filters: try Filter.from(request.filters), in: context.scope)
        let page = try state.paginate(members, query: DescribeQuery(maxResults: request.maxResults, nextToken: request.nextToken)) {
            ($0.createdAt, $0.id)
        }
        return EC2.GetTransitGatewayRouteTablePropagationsResult(
            transitGatewayRouteTablePropagations: page.items.map {
                EC2.TransitGatewayRouteTablePropagation(
                    transitGatewayAttachmentId: $0.id, resourceId: $0.attachmentVpcId, resourceType: $0.resourceType, state: "enabled")
            }, nextToken: page.nextToken)
    }

    func deleteTransitGatewayRoute(_ request: EC2.DeleteTransitGatewayRouteRequest, context: Context) async throws
        -> EC2.DeleteTransitGatewayRouteResult
    {
        let route = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.deleteTransitGatewayRoute(request.transitGatewayRouteTableId, destination: request.destinationCidrBlock)
        }
        var wire = EC2.TransitGatewayRoute()
        wire.destinationCidrBlock = route.destination.description
        wire.type = TransitGatewayRoute.RouteType.static.rawValue
        wire.state = "deleted"
        let state = try await cloud.snapshot(for: context.scope)
        wire.transitGatewayAttachments = route.attachmentId.map { id in
            let vpcAttachment = state.get(TransitGatewayAttachment.self, id, in: context.scope)
            return [EC2.TransitGatewayRouteAttachment(transitGatewayAttachmentId: id, resourceType: vpcAttachment == nil ? "peering" : "vpc")]
        }
        return EC2.DeleteTransitGatewayRouteResult(route: wire)
    }

    func searchTransitGatewayRoutes(_ request: EC2.SearchTransitGatewayRoutesRequest, context: Context) async throws
        -> EC2.SearchTransitGatewayRoutesResult
    {
        let state = try await snapshot(context, dryRun: request.dryRun)
        let limit = request.maxResults ?? 1000
        guard (5...1000).contains(limit) else {
            throw EC2Error.invalidParameterValue("Value (\(limit)) for parameter maxResults is invalid. Expecting a value between 5 and 1000.")
        }
        let routes = try state.searchTransitGatewayRoutes(
            request.transitGatewayRouteTableId, filters: try Filter.from(request.filters), in: context.scope, at: cloud.clock.now())
        return EC2.SearchTransitGatewayRoutesResult(
            routes: routes.prefix(limit).map(EC2.TransitGatewayRoute.init), additionalRoutesAvailable: routes.count > limit)
    }
}

extension EC2Handlers {
    /// A static route as SearchTransitGatewayRoutes shows it, with its state and the attachment's VPC.
    func shownRoute(_ route: TransitGatewayRouteTable.StaticRoute, in routeTableId: String, _ context: Context) async throws
        -> EC2.TransitGatewayRoute?
    {
        let state = try await cloud.snapshot(for: context.scope)
        let table = state.get(TransitGatewayRouteTable.self, routeTableId, in: context.scope)
        let shown = table.flatMap { table in
            state.transitGatewayRoutes(of: table, at: cloud.clock.now()).first { $0.destination == route.destination && $0.type == .static }
        }
        return shown.map(EC2.TransitGatewayRoute.init)
    }
}

extension EC2.TransitGatewayRouteTable {
    init(_ table: TransitGatewayRouteTable, in state: CloudState, at now: Date) {
        self.init()
        let gateway = state.get(TransitGateway.self, table.transitGatewayId, in: table.scope)
        transitGatewayRouteTableId = table.id
        transitGatewayId = table.transitGatewayId
        self.state = table.state(at: now).rawValue
        defaultAssociationRouteTable = gateway?.associationDefaultRouteTableId == table.id
        defaultPropagationRouteTable = gateway?.propagationDefaultRouteTableId == table.id
        creationTime = table.createdAt
        tags = table.tags.wire
    }
}

extension EC2.TransitGatewayAssociation {
    init(_ routeTableId: String, _ attachment: TransitGatewayAttachment, state: String) {
        self.init(
            transitGatewayRouteTableId: routeTableId, transitGatewayAttachmentId: attachment.id, resourceId: attachment.attachmentVpcId,
            resourceType: attachment.resourceType, state: state)
    }

    /// A peering attachment's association on `gatewayId`'s side: its resource is the other gateway.
    init(_ routeTableId: String, _ peering: TransitGatewayPeeringAttachment, gatewayId: String?, state: String) {
        self.init(
            transitGatewayRouteTableId: routeTableId, transitGatewayAttachmentId: peering.id,
            resourceId: gatewayId.map { peering.otherGateway(than: $0) }, resourceType: "peering", state: state)
    }
}

extension EC2.TransitGatewayRoute {
    init(_ route: TransitGatewayRoute) {
        self.init()
        destinationCidrBlock = route.destination.description
        type = route.type.rawValue
        state = route.state.rawValue
        transitGatewayAttachments = route.attachmentId.map {
            [EC2.TransitGatewayRouteAttachment(resourceId: route.resourceId, transitGatewayAttachmentId: $0, resourceType: route.resourceType)]
        }
    }
}
