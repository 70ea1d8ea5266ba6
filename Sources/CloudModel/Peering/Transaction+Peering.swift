import Addressing
import Foundation

/// CreateVpcPeeringConnection and the lifecycle that follows: accept, reject, delete.
extension Transaction {
    /// The peering connection `id` as this transaction sees it, wherever it is stored.
    public func peering(_ id: String) -> VpcPeeringConnection? {
        if let written = written(id) { return written.flatMap(VpcPeeringConnection.unwrap) }
        return base.peering(id)
    }

    /// The peering connections `vpcId` (of the caller's account-and-region unless `owner` says otherwise) is a
    /// side of, as this transaction sees them.
    public func peerings(ofVpc vpcId: String, in owner: AccountRegion? = nil) -> [VpcPeeringConnection] {
        let owner = owner ?? scope
        var result = base.peerings(ofVpc: vpcId, in: owner).filter { written($0.id) == nil }
        for case .vpcPeeringConnection(let peering) in writtenResources where peering.involves(vpcId, in: owner) {
            result.append(peering)
        }
        return result
    }

    /// The connection `id` if the caller may see it now, else the AWS error for a malformed or unknown id.
    public func requirePeering(_ id: String) throws(EC2Error) -> VpcPeeringConnection {
        try ResourceIdKind.vpcPeeringConnection.validate(id)
        guard let peering = peering(id), peering.isVisible(to: scope, at: now) else {
            throw ResourceIdKind.vpcPeeringConnection.notFound([id])
        }
        return peering
    }

    /// Requests a peering between the caller's `vpcId` and `peerVpcId` of `peerOwnerId` in `peerRegion`.
    ///
    /// Overlapping blocks, or a peer VPC that the named owner does not have, do not make the call fail: the
    /// connection is created in the `failed` state, as AWS does.
    public mutating func createVpcPeeringConnection(
        vpcId: String?,
        peerVpcId: String?,
        peerOwnerId: String? = nil,
        peerRegion: String? = nil,
        tagSpecifications: [TagSpecification] = []
    ) throws(EC2Error) -> VpcPeeringConnection {
        guard let vpcId else { throw .missingParameter("VpcId") }
        guard let peerVpcId else { throw .missingParameter("PeerVpcId") }
        let vpc = try require(Vpc.self, vpcId)
        try ResourceIdKind.vpc.validate(peerVpcId)
        let owner = peerOwnerId ?? scope.account
        guard AccountRegion.isAccountId(owner) else {
            throw .invalidParameterValue("Invalid value '\(owner)' for peerOwnerId. It must be a 12-digit account id.")
        }
        let region = peerRegion ?? scope.region
        guard RegionCatalog.region(named: region) != nil else { throw .invalidParameterValue("Invalid value '\(region)' for peerRegion.") }
        let peerScope = AccountRegion(account: owner, region: region)
        let peerVpc = get(Vpc.self, peerVpcId, in: peerScope)
        // A peer VPC the named owner does not have in the named region fails the connection rather than the call.
        guard !(peerScope == scope && peerVpcId == vpcId) else {
            throw .invalidParameterValue("The requester VPC (\(vpcId)) and the accepter VPC (\(peerVpcId)) must be different.")
        }
        // The same request again answers the connection that exists (Terraform documents relying on this); a
        // request the other way round may be made, but cannot be accepted while this one is active.
        if let existing = peerings(ofVpc: vpcId).first(where: {
            $0.requester.vpcId == vpcId && $0.requester.scope == scope && $0.accepter.vpcId == peerVpcId && $0.accepter.scope == peerScope
                && $0.status(at: now).isLive
        }) {
            return existing
        }
        try checkPeeringQuotas(requesterVpc: vpcId, accepterVpc: peerVpc?.id, accepterScope: peerScope)
        var tags = TagSet()
        if !tagSpecifications.isEmpty { tags = try TagSet.creating(VpcPeeringConnection.resourceType, from: tagSpecifications) }

        let requester = PeeringSide(vpcId: vpcId, scope: scope, cidrBlocks: vpc.ipv4Blocks, ipv6CidrBlocks: vpc.ipv6Blocks)
        let accepter = PeeringSide(
            vpcId: peerVpcId, scope: peerScope, cidrBlocks: peerVpc?.ipv4Blocks ?? [], ipv6CidrBlocks: peerVpc?.ipv6Blocks ?? [])
        var peering = VpcPeeringConnection(
            id: newId(.vpcPeeringConnection), requester: requester, accepter: accepter, status: .pendingAcceptance,
            statusMessage: "Pending Acceptance by \(owner)", createdAt: now)
        if let reason = Self.failureReason(vpc: vpc, peerVpc: peerVpc) {
            peering.status = .failed
            peering.statusMessage = reason
            peering.endedAt = now
        }
        if !tags.isEmpty { peering.tagsByScope[scope] = tags }
        put(peering)
        return peering
    }

    /// Accepts a pending request: only the accepter VPC's owner, in the accepter's region.
    public mutating func acceptVpcPeeringConnection(_ id: String) throws(EC2Error) -> VpcPeeringConnection {
        var peering = try requirePeeringToAnswer(id, action: "accepted")
        try checkAccepter(peering, action: "accept", inRegion: "accepted")
        let status = peering.status(at: now)
        guard status == .pendingAcceptance else { throw .peeringStateTransition(id, from: status, to: .active) }
        if let active = peerings(ofVpc: peering.accepter.vpcId).first(where: {
            $0.id != id && $0.involves(peering.requester.vpcId, in: peering.requester.scope) && $0.status(at: now).carriesTraffic
        }) {
            throw .peeringAlreadyExists(active.id)
        }
        try checkPeeringQuotas(requesterVpc: nil, accepterVpc: peering.accepter.vpcId, accepterScope: peering.accepter.scope, activeOnly: true)
        try checkPeeringQuotas(requesterVpc: nil, accepterVpc: peering.requester.vpcId, accepterScope: peering.requester.scope, activeOnly: true)
        if let vpc = get(Vpc.self, peering.accepter.vpcId, in: peering.accepter.scope) {
            peering.accepter.cidrBlocks = vpc.ipv4Blocks
            peering.accepter.ipv6CidrBlocks = vpc.ipv6Blocks
        }
        // A block the accepter added while the request was pending may overlap the requester's: "the VPC peering
        // connection request fails and cannot be accepted" (VPC User Guide, "IPv4 CIDR block association restrictions").
        if let requesterVpc = get(Vpc.self, peering.requester.vpcId, in: peering.requester.scope),
            let accepterVpc = get(Vpc.self, peering.accepter.vpcId, in: peering.accepter.scope),
            let reason = Self.failureReason(vpc: requesterVpc, peerVpc: accepterVpc)
        {
            peering.status = .failed
            peering.statusMessage = reason
            peering.endedAt = now
            put(peering)
            return peering
        }
        peering.status = .active
        peering.statusMessage = "Active"
        peering.wasAccepted = true
        put(peering)
        return peering
    }

    /// Rejects a pending request: only the accepter VPC's owner, in the accepter's region.
    public mutating func rejectVpcPeeringConnection(_ id: String) throws(EC2Error) {
        var peering = try requirePeeringToAnswer(id, action: "accepted or rejected")
        try checkAccepter(peering, action: "reject", inRegion: "accepted or rejected")
        let status = peering.status(at: now)
        guard status == .pendingAcceptance else { throw .peeringStateTransition(id, from: status, to: .rejected) }
        peering.status = .rejected
        peering.statusMessage = "Rejected by \(scope.account)"
        end(&peering)
    }

    /// Deletes a connection: the requester's pending request, or an active connection by either owner.
    public mutating func deleteVpcPeeringConnection(_ id: String) throws(EC2Error) {
        var peering = try requirePeering(id)
        let status = peering.status(at: now)
        switch status {
        case .pendingAcceptance, .initiatingRequest:
            guard scope == peering.requester.scope else { throw .peeringNotPermitted(account: scope.account, action: "delete", id: id) }
        case .active, .provisioning:
            break
        default:
            // AWS names the transition it refused "to deleting" (Terraform's provider ignores exactly that on destroy).
            throw .peeringStateTransition(id, from: status, to: .deleting)
        }
        peering.status = .deleted
        peering.statusMessage = "Deleted by \(scope.account)"
        end(&peering)
    }

    private mutating func end(_ peering: inout VpcPeeringConnection) {
        peering.endedAt = now
        peering.endedBy = scope.account
        put(peering)
    }

    /// The connection `id` for an accept or reject, like ``requirePeering(_:)``, except that the accepter's owner
    /// asking from another region (where a cross-account request has no side of theirs to see) hears the region
    /// to ask in, as AWS answers, instead of `InvalidVpcPeeringConnectionID.NotFound`.
    private func requirePeeringToAnswer(_ id: String, action: String) throws(EC2Error) -> VpcPeeringConnection {
        try ResourceIdKind.vpcPeeringConnection.validate(id)
        if let peering = peering(id), scope.account == peering.accepter.scope.account, scope.region != peering.accepter.scope.region,
            peering.isVisible(to: peering.accepter.scope, at: now)
        {
            throw .peeringWrongRegion(scope.region, id: id, expected: peering.accepter.scope.region, action: action)
        }
        return try requirePeering(id)
    }

    /// Only the accepter's owner answers a request, and only in the accepter's region; `inRegion` is AWS's wording of
    /// what must happen there ("accepted", "accepted or rejected").
    private func checkAccepter(_ peering: VpcPeeringConnection, action: String, inRegion: String) throws(EC2Error) {
        guard scope.account == peering.accepter.scope.account else {
            throw .peeringNotPermitted(account: scope.account, action: action, id: peering.id)
        }
        guard scope.region == peering.accepter.scope.region else {
            throw .peeringWrongRegion(scope.region, id: peering.id, expected: peering.accepter.scope.region, action: inRegion)
        }
    }

    /// Why a new request goes straight to `failed` (the peer VPC is not the named owner's, or the blocks overlap), if it does.
    static func failureReason(vpc: Vpc, peerVpc: Vpc?) -> String? {
        // AWS gives one message for every cause, as a real account shows it.
        let message = "Failed due to incorrect VPC-ID, Account ID, or overlapping CIDR range"
        guard let peerVpc else { return message }
        let ipv4Overlap = vpc.ipv4Blocks.contains { block in peerVpc.ipv4Blocks.contains { $0.overlaps(block) } }
        let ipv6Overlap = vpc.ipv6Blocks.contains { block in peerVpc.ipv6Blocks.contains { $0.overlaps(block) } }
        return ipv4Overlap || ipv6Overlap ? message : nil
    }

    /// AWS's per-VPC peering quotas: 25 outstanding requests from a VPC, 50 active connections on a VPC.
    private func checkPeeringQuotas(requesterVpc: String?, accepterVpc: String?, accepterScope: AccountRegion, activeOnly: Bool = false)
        throws(EC2Error)
    {
        guard configuration.enforcesPeeringQuotas else { return }
        let quotas = configuration.quotas
        if let requesterVpc, !activeOnly {
            let outstanding = peerings(ofVpc: requesterVpc).filter {
                $0.requester.vpcId == requesterVpc && $0.requester.scope == scope && $0.status(at: now) == .pendingAcceptance
            }.count
            if outstanding >= quotas.outstandingPeeringsPerVpc {
                throw .limitExceeded(
                    "OutstandingVpcPeeringConnectionLimitExceeded",
                    "The VPC \(requesterVpc) has reached the maximum of \(quotas.outstandingPeeringsPerVpc) outstanding peering connection requests.")
            }
        }
        for (vpcId, owner) in [(requesterVpc, scope), (accepterVpc, accepterScope)] {
            guard let vpcId else { continue }
            let active = peerings(ofVpc: vpcId, in: owner).filter { $0.status(at: now).carriesTraffic }.count
            if active >= quotas.activePeeringsPerVpc {
                throw .limitExceeded(
                    "ActiveVpcPeeringConnectionPerVpcLimitExceeded",
                    "The VPC \(vpcId) has reached the maximum of \(quotas.activePeeringsPerVpc) active peering connections.")
            }
        }
    }
}
