import EC2Client

extension PeeringSetup {
    /// Authorizes each `--allow` traffic from each of the peer's blocks in the side's security group.
    func allowTraffic(_ side: Side, _ peer: Side, _ connection: VpcPeeringConnection?, _ journal: inout Journal) async throws {
        guard let vpc = side.vpc else {
            journal.record(
                PeeringStep(.skipped, "skipped: rules in \(side.vpcId): no credentials for its account (use --accepter-profile)", vpcId: side.vpcId))
            return
        }
        let peerBlocks = peer.vpc?.cidrBlocks ?? connection?.peer(of: side.vpcId).cidrBlocks ?? []
        guard !peerBlocks.isEmpty else {
            journal.record(
                PeeringStep(.skipped, "skipped: rules in \(vpc.vpcId): the CIDR blocks of \(peer.vpcId) are not known yet", vpcId: vpc.vpcId))
            return
        }
        let group = try await side.client.securityGroup(side.securityGroup, in: vpc.vpcId)
        let groupLabel = side.securityGroup == nil ? "default group of \(vpc.vpcId)" : "group \(group.groupName) of \(vpc.vpcId)"
        let peeringId = connection?.vpcPeeringConnectionId
        for change in RuleChange.changes(group: group, traffic: options.allow, peerCidrBlocks: peerBlocks) {
            let text = "allow \(change.traffic) from \(change.cidr) in \(group.groupId) (\(groupLabel))"
            func step(_ action: PeeringStep.Action, _ message: String) -> PeeringStep {
                PeeringStep(
                    action, message, vpcPeeringConnectionId: peeringId, vpcId: vpc.vpcId, groupId: group.groupId, traffic: change.traffic.description,
                    cidrIp: change.cidr)
            }
            switch change.kind {
            case .alreadyThere:
                journal.record(step(.alreadyThere, "already there: \(text)"))
            case .add where options.dryRun || peeringId == nil:
                journal.record(step(.planned, "would \(text)"))
            case .add:
                let description = "from \(peer.vpcId) via \(peeringId ?? "peering") (localvpc peer)"
                do {
                    _ = try await side.client.call(
                        "AuthorizeSecurityGroupIngress",
                        [("GroupId", group.groupId)] + change.traffic.permissionParameters(cidr: change.cidr, description: description))
                    journal.record(step(.added, text))
                } catch {
                    guard error.code == "InvalidPermission.Duplicate" else { throw error }
                    journal.record(step(.alreadyThere, "already there: \(text)"))
                }
            }
        }
    }
}
