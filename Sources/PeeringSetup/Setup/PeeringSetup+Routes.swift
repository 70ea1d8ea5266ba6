import EC2Client

extension PeeringSetup {
    /// Adds a route to each of the peer's blocks via the peering in every route table the side's subnets use.
    func addRoutes(_ side: Side, _ peer: Side, _ connection: VpcPeeringConnection?, _ journal: inout Journal) async throws {
        guard let vpc = side.vpc else {
            journal.record(
                PeeringStep(.skipped, "skipped: routes in \(side.vpcId): no credentials for its account (use --accepter-profile)", vpcId: side.vpcId))
            return
        }
        let peerBlocks = peer.vpc?.cidrBlocks ?? connection?.peer(of: side.vpcId).cidrBlocks ?? []
        guard !peerBlocks.isEmpty else {
            journal.record(
                PeeringStep(.skipped, "skipped: routes in \(vpc.vpcId): the CIDR blocks of \(peer.vpcId) are not known yet", vpcId: vpc.vpcId))
            return
        }
        let subnets = try await side.client.subnets(of: vpc.vpcId)
        let uses = RouteTableUse.tablesInUse(subnets: subnets, routeTables: try await side.client.routeTables(of: vpc.vpcId))
        guard !uses.isEmpty else {
            journal.record(PeeringStep(.skipped, "skipped: routes in \(vpc.label): no subnets, so no route table is in use", vpcId: vpc.vpcId))
            return
        }
        let peeringId = connection?.vpcPeeringConnectionId
        for change in RouteChange.changes(uses: uses, peerCidrBlocks: peerBlocks, peeringId: peeringId) {
            try await apply(change, in: vpc, peeringId: peeringId, client: side.client, &journal)
        }
    }

    private func apply(_ change: RouteChange, in vpc: Vpc, peeringId: String?, client: EC2Client, _ journal: inout Journal) async throws {
        let table = change.use.table.routeTableId
        let cidr = change.destinationCidrBlock
        let text = "route \(cidr) → \(peeringId ?? "the new peering") in \(table) of \(vpc.vpcId) (\(change.use.reason))"
        func step(_ action: PeeringStep.Action, _ message: String) -> PeeringStep {
            PeeringStep(action, message, vpcPeeringConnectionId: peeringId, vpcId: vpc.vpcId, routeTableId: table, destinationCidrBlock: cidr)
        }
        switch change.kind {
        case .alreadyThere:
            journal.record(step(.alreadyThere, "already there: \(text)"))
        case .conflict:
            let existing = change.existing
            let state = existing?.state.map { $0 == "active" ? "" : ", \($0)" } ?? ""
            journal.record(
                step(
                    .conflict,
                    "conflict: \(table) of \(vpc.vpcId) already routes \(cidr) to \(existing?.target ?? "another target")\(state); left as it is (\(change.use.reason))"
                ))
        case .add where options.dryRun || peeringId == nil:
            journal.record(step(.planned, "would add \(text)"))
        case .add:
            do {
                _ = try await client.call(
                    "CreateRoute", [("RouteTableId", table), ("DestinationCidrBlock", cidr), ("VpcPeeringConnectionId", peeringId ?? "")])
                journal.record(step(.added, text))
            } catch {
                // Added by someone else since we looked: say what is there now.
                guard error.code == "RouteAlreadyExists" else { throw error }
                var use = change.use
                use.table = try await client.routeTable(table) ?? use.table
                if let again = RouteChange.changes(uses: [use], peerCidrBlocks: [cidr], peeringId: peeringId).first, again.kind != .add {
                    try await apply(again, in: vpc, peeringId: peeringId, client: client, &journal)
                } else {
                    throw error
                }
            }
        }
    }
}
