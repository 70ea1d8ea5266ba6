import EC2Client

extension PeeringSetup {
    /// Whether the run goes on to routes and rules, and with which connection (none yet in a dry run).
    enum Connection {
        case proceed(VpcPeeringConnection?)
        case stop
    }

    /// Finds the pending-or-active connection between the two VPCs (either direction), or
    /// requests one; accepts it if it waits for acceptance; waits until it is active.
    func connect(_ a: Side, _ b: Side, peerOwner: String, _ journal: inout Journal) async throws -> Connection {
        let between = "\(a.vpc?.label ?? a.vpcId) and \(b.vpc?.label ?? b.vpcId)"
        var connection = try await existingConnection(a, b)
        if let found = connection {
            journal.outcome.vpcPeeringConnectionId = found.vpcPeeringConnectionId
            journal.outcome.status = found.status
            let id = found.vpcPeeringConnectionId
            if found.status == "active" {
                journal.record(PeeringStep(.alreadyThere, "already there: \(id), active, between \(between)", vpcPeeringConnectionId: id))
            } else {
                journal.record(PeeringStep(.status, "found \(id), \(found.status), between \(between)", vpcPeeringConnectionId: id))
            }
        } else if options.dryRun {
            journal.record(PeeringStep(.planned, "would request a peering connection from \(a.vpcId) to \(b.vpcId) (no peering between \(between))"))
            if b.vpc != nil {
                journal.record(PeeringStep(.planned, "would accept it as account \(peerOwner) in \(accepter.configuration.region)"))
            } else {
                journal.outcome.incomplete = "account \(peerOwner) would have to accept it: there are no credentials for it (--accepter-profile)"
            }
            return .proceed(nil)
        } else {
            connection = try await request(a, b, peerOwner: peerOwner, between: between, &journal)
        }
        guard var current = connection else { return .stop }

        if current.status == "pending-acceptance" {
            let accepting = current.accepter.vpcId == a.vpcId ? a : b
            let account = current.accepter.ownerId ?? accepting.vpc?.ownerId ?? peerOwner
            let region = current.accepter.region ?? accepting.client.configuration.region
            guard accepting.vpc != nil else {
                journal.outcome.incomplete =
                    "\(current.vpcPeeringConnectionId) waits for account \(account) to accept it in \(region): accept it there, or run again with --accepter-profile"
                return .stop
            }
            if options.dryRun {
                journal.record(PeeringStep(.planned, "would accept \(current.vpcPeeringConnectionId) as account \(account) in \(region)"))
                return .proceed(current)
            }
            let response = try await accepting.client.call("AcceptVpcPeeringConnection", [("VpcPeeringConnectionId", current.vpcPeeringConnectionId)])
            let accepted = response.child("vpcPeeringConnection").map(VpcPeeringConnection.init(xml:))
            current.status = accepted?.status ?? "provisioning"
            journal.record(
                PeeringStep(
                    .accepted, "accepted \(current.vpcPeeringConnectionId) as account \(account) in \(region)",
                    vpcPeeringConnectionId: current.vpcPeeringConnectionId))
        }
        if options.dryRun { return .proceed(current) }
        let waited = current.status != "active"
        current = try await wait(for: current, whileIn: VpcPeeringConnection.inProgress)
        journal.outcome.status = current.status
        guard current.status == "active" else { throw PeeringSetupError.peeringFailed(current) }
        if waited {
            journal.record(
                PeeringStep(.status, "\(current.vpcPeeringConnectionId) is active", vpcPeeringConnectionId: current.vpcPeeringConnectionId))
        }
        return .proceed(current)
    }

    /// The connection between the VPCs that is active or on its way there, in either direction; an active one first.
    private func existingConnection(_ a: Side, _ b: Side) async throws -> VpcPeeringConnection? {
        let candidates = try await a.client.peeringConnections(from: a.vpcId, to: b.vpcId) + a.client.peeringConnections(from: b.vpcId, to: a.vpcId)
        let live = candidates.filter { $0.status == "active" || VpcPeeringConnection.inProgress.contains($0.status) }
        return live.first { $0.status == "active" } ?? live.first
    }

    /// Requests a connection from A to B and waits out `initiating-request`; a `failed` one ends the run.
    private func request(_ a: Side, _ b: Side, peerOwner: String, between: String, _ journal: inout Journal) async throws -> VpcPeeringConnection {
        var parameters = [("VpcId", a.vpcId), ("PeerVpcId", b.vpcId)]
        if peerOwner != a.vpc?.ownerId { parameters.append(("PeerOwnerId", peerOwner)) }
        if accepter.configuration.region != requester.configuration.region { parameters.append(("PeerRegion", accepter.configuration.region)) }
        let response: XMLTree
        do {
            response = try await requester.call("CreateVpcPeeringConnection", parameters)
        } catch {
            // Someone else was quicker: take theirs.
            guard error.code == "VpcPeeringConnectionAlreadyExists", let theirs = try await existingConnection(a, b) else { throw error }
            journal.record(PeeringStep(.status, "found \(theirs.vpcPeeringConnectionId), \(theirs.status), between \(between)"))
            return theirs
        }
        var connection = VpcPeeringConnection(xml: response.child("vpcPeeringConnection") ?? XMLTree(name: "vpcPeeringConnection"))
        let id = connection.vpcPeeringConnectionId
        journal.outcome.vpcPeeringConnectionId = id
        journal.record(PeeringStep(.created, "created \(id) (no peering between \(between))", vpcPeeringConnectionId: id))
        connection = try await wait(for: connection, whileIn: ["initiating-request"])
        journal.outcome.status = connection.status
        if connection.status == "failed" || !(VpcPeeringConnection.inProgress.contains(connection.status) || connection.status == "active") {
            journal.record(
                PeeringStep(.failed, "\(id) \(connection.status): \(connection.statusMessage ?? "no status message")", vpcPeeringConnectionId: id))
            throw PeeringSetupError.peeringFailed(connection)
        }
        return connection
    }

    /// Describes the connection again and again (pausing longer each time, up to the timeout) while its status is in `states`.
    private func wait(for connection: VpcPeeringConnection, whileIn states: Set<String>) async throws -> VpcPeeringConnection {
        var current = connection
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: options.activeTimeout)
        var pause = Duration.milliseconds(200)
        while states.contains(current.status) {
            guard clock.now < deadline else {
                let seconds = Int(options.activeTimeout.components.seconds)
                throw PeeringSetupError.notActive(current, after: seconds)
            }
            try await Task.sleep(for: pause)
            pause = min(pause * 2, .seconds(5))
            // Right after a create AWS may not describe the new id yet: keep waiting.
            if let described = try await requester.peeringConnection(current.vpcPeeringConnectionId) {
                current.status = described.status
                current.statusMessage = described.statusMessage
                current.requester = described.requester
                current.accepter = described.accepter
            }
        }
        return current
    }
}
