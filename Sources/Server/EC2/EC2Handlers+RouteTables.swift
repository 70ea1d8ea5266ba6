import Addressing
import CloudModel
import EC2Protocol
import Foundation

extension EC2Handlers {
    func createRouteTable(_ request: EC2.CreateRouteTableRequest, context: Context) async throws -> EC2.CreateRouteTableResult {
        let table = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.createRouteTable(
                vpcId: request.vpcId, tagSpecifications: TagSpecification.from(request.tagSpecifications), clientToken: request.clientToken)
        }
        let state = cloud.snapshot()
        return EC2.CreateRouteTableResult(routeTable: EC2.RouteTable(table, in: state, at: cloud.clock.now()), clientToken: request.clientToken)
    }

    func deleteRouteTable(_ request: EC2.DeleteRouteTableRequest, context: Context) async throws {
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in try transaction.deleteRouteTable(request.routeTableId) }
    }

    func describeRouteTables(_ request: EC2.DescribeRouteTablesRequest, context: Context) async throws -> EC2.DescribeRouteTablesResult {
        let (page, state) = try await describe(
            RouteTable.self, context, dryRun: request.dryRun, ids: request.routeTableIds, filters: request.filters,
            maxResults: request.maxResults, nextToken: request.nextToken, maxResultsRange: 5...100)
        // Read once `describe` has caught up with the other servers sharing the store: a clock one of them moved is
        // applied there, and a time read before it made a transit gateway route `blackhole` that was `active` (CI).
        let now = cloud.clock.now()
        // A route to a peering or a transit gateway is `active` or `blackhole` as time moves theirs, and so is what the
        // `route.state` filter selects.
        let routeStateFiltered = request.filters?.contains { $0.name == "route.state" } ?? false
        if routeStateFiltered || page.items.contains(where: \.hasTimeDrivenRoute) { AnswerClock.markRead() }
        return EC2.DescribeRouteTablesResult(routeTables: page.items.map { EC2.RouteTable($0, in: state, at: now) }, nextToken: page.nextToken)
    }

    func associateRouteTable(_ request: EC2.AssociateRouteTableRequest, context: Context) async throws -> EC2.AssociateRouteTableResult {
        // Gateway (edge) associations and IPv4 pool associations are not modelled: refused, with a subnet too, rather
        // than dropped.
        for (parameter, value) in [("GatewayId", request.gatewayId), ("PublicIpv4Pool", request.publicIpv4Pool)] where value != nil {
            throw EC2Error(code: "UnsupportedOperation", message: "The parameter \(parameter) is not supported by LocalVPC yet.")
        }
        guard let subnetId = request.subnetId else { throw EC2Error.missingParameter("SubnetId") }
        let association = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.associateRouteTable(request.routeTableId, subnetId: subnetId)
        }
        return EC2.AssociateRouteTableResult(associationId: association.id, associationState: .init(state: "associated"))
    }

    func disassociateRouteTable(_ request: EC2.DisassociateRouteTableRequest, context: Context) async throws {
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.disassociateRouteTable(associationId: request.associationId)
        }
    }

    func replaceRouteTableAssociation(
        _ request: EC2.ReplaceRouteTableAssociationRequest,
        context: Context
    ) async throws -> EC2.ReplaceRouteTableAssociationResult {
        let association = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.replaceRouteTableAssociation(associationId: request.associationId, routeTableId: request.routeTableId)
        }
        return EC2.ReplaceRouteTableAssociationResult(newAssociationId: association.id, associationState: .init(state: "associated"))
    }

    func createRoute(_ request: EC2.CreateRouteRequest, context: Context) async throws -> EC2.CreateRouteResult {
        let destination = try RouteRequest.destination(
            request.destinationCidrBlock, request.destinationIpv6CidrBlock, request.destinationPrefixListId)
        let target = try RouteRequest.target(of: request)
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.createRoute(request.routeTableId, destination: destination, target: target)
        }
        return EC2.CreateRouteResult(return: true)
    }

    func replaceRoute(_ request: EC2.ReplaceRouteRequest, context: Context) async throws {
        let destination = try RouteRequest.destination(
            request.destinationCidrBlock, request.destinationIpv6CidrBlock, request.destinationPrefixListId)
        let target = try RouteRequest.target(of: request)
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.replaceRoute(request.routeTableId, destination: destination, target: target)
        }
    }

    func deleteRoute(_ request: EC2.DeleteRouteRequest, context: Context) async throws {
        let destination = try RouteRequest.destination(
            request.destinationCidrBlock, request.destinationIpv6CidrBlock, request.destinationPrefixListId)
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.deleteRoute(request.routeTableId, destination: destination)
        }
    }
}

extension RouteTable {
    /// Whether a route's state moves with time (`CloudState.state(of:in:at:)`): a route to a peering or a transit gateway.
    var hasTimeDrivenRoute: Bool {
        routes.contains { $0.target.vpcPeeringConnectionId != nil || $0.target.transitGatewayId != nil }
    }
}

extension EC2.RouteTable {
    init(_ table: RouteTable, in state: CloudState, at now: Date) {
        self.init(
            associations: table.associations.map { association in
                EC2.RouteTableAssociation(
                    main: association.main, routeTableAssociationId: association.id, routeTableId: table.id, subnetId: association.subnetId,
                    associationState: .init(state: "associated"))
            },
            propagatingVgws: state.propagatingVpnGateways(of: table).map { EC2.PropagatingVgw(gatewayId: $0) }, routeTableId: table.id,
            routes: table.routes.map { EC2.Route($0, state: state.state(of: $0, in: table, at: now)) },
            tags: table.tags.wire, vpcId: table.tableVpcId, ownerId: table.scope.account)
    }
}

extension EC2.Route {
    init(_ route: Route, state: RouteState) {
        self.init(
            destinationCidrBlock: route.destination.ipv4?.description, destinationIpv6CidrBlock: route.destination.ipv6?.description,
            destinationPrefixListId: route.destination.prefixListId,
            egressOnlyInternetGatewayId: route.target.egressOnlyInternetGatewayId, gatewayId: route.target.gatewayId,
            natGatewayId: route.target.natGatewayId, transitGatewayId: route.target.transitGatewayId, origin: route.origin.rawValue,
            state: state.rawValue, vpcPeeringConnectionId: route.target.vpcPeeringConnectionId)
    }
}
