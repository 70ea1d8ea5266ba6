import CloudModel
import EC2Protocol
import Foundation

extension EC2Handlers {
    func createVpcPeeringConnection(
        _ request: EC2.CreateVpcPeeringConnectionRequest,
        context: Context
    ) async throws -> EC2.CreateVpcPeeringConnectionResult {
        let peering = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.createVpcPeeringConnection(
                vpcId: request.vpcId, peerVpcId: request.peerVpcId, peerOwnerId: request.peerOwnerId, peerRegion: request.peerRegion,
                tagSpecifications: TagSpecification.from(request.tagSpecifications))
        }
        // AWS answers while the request is still being initiated; Describe shows pending-acceptance (or failed).
        var wire = EC2.VpcPeeringConnection(peering, seenFrom: context.scope, in: cloud.snapshot(), at: cloud.clock.now())
        if peering.status == .pendingAcceptance {
            wire.status = EC2.VpcPeeringConnectionStateReason(
                code: "initiating-request", message: "Initiating Request to \(peering.accepter.scope.account)")
        }
        return EC2.CreateVpcPeeringConnectionResult(vpcPeeringConnection: wire)
    }

    func acceptVpcPeeringConnection(
        _ request: EC2.AcceptVpcPeeringConnectionRequest,
        context: Context
    ) async throws -> EC2.AcceptVpcPeeringConnectionResult {
        let peering = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.acceptVpcPeeringConnection(request.vpcPeeringConnectionId)
        }
        // As in AWS, the answer says provisioning; the next Describe says active. (A request whose VPCs came to overlap
        // while it was pending failed instead, and says so.)
        var wire = EC2.VpcPeeringConnection(peering, seenFrom: context.scope, in: cloud.snapshot(), at: cloud.clock.now())
        if peering.status == .active { wire.status = EC2.VpcPeeringConnectionStateReason(code: "provisioning", message: "Provisioning") }
        return EC2.AcceptVpcPeeringConnectionResult(vpcPeeringConnection: wire)
    }

    func rejectVpcPeeringConnection(
        _ request: EC2.RejectVpcPeeringConnectionRequest,
        context: Context
    ) async throws -> EC2.RejectVpcPeeringConnectionResult {
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.rejectVpcPeeringConnection(request.vpcPeeringConnectionId)
        }
        return EC2.RejectVpcPeeringConnectionResult(return: true)
    }

    func deleteVpcPeeringConnection(
        _ request: EC2.DeleteVpcPeeringConnectionRequest,
        context: Context
    ) async throws -> EC2.DeleteVpcPeeringConnectionResult {
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.deleteVpcPeeringConnection(request.vpcPeeringConnectionId)
        }
        return EC2.DeleteVpcPeeringConnectionResult(return: true)
    }

    func describeVpcPeeringConnections(
        _ request: EC2.DescribeVpcPeeringConnectionsRequest,
        context: Context
    ) async throws -> EC2.DescribeVpcPeeringConnectionsResult {
        let state = try await snapshot(context, dryRun: request.dryRun)
        let now = cloud.clock.now()
        let query = DescribeQuery(
            ids: request.vpcPeeringConnectionIds ?? [], filters: try Filter.from(request.filters), maxResults: request.maxResults,
            nextToken: request.nextToken)
        let page = try state.describePeerings(in: context.scope, query: query, at: now)
        return EC2.DescribeVpcPeeringConnectionsResult(
            vpcPeeringConnections: page.items.map { EC2.VpcPeeringConnection($0, seenFrom: context.scope, in: state, at: now) },
            nextToken: page.nextToken)
    }

    func modifyVpcPeeringConnectionOptions(
        _ request: EC2.ModifyVpcPeeringConnectionOptionsRequest,
        context: Context
    ) async throws -> EC2.ModifyVpcPeeringConnectionOptionsResult {
        let requester = request.requesterPeeringConnectionOptions
        let accepter = request.accepterPeeringConnectionOptions
        for options in [requester, accepter].compactMap(\.self)
        where options.allowEgressFromLocalClassicLinkToRemoteVpc != nil || options.allowEgressFromLocalVpcToRemoteClassicLink != nil {
            throw EC2Error(code: "UnsupportedOperation", message: "EC2-Classic (ClassicLink) options are no longer supported by AWS.")
        }
        let peering = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.modifyVpcPeeringConnectionOptions(
                request.vpcPeeringConnectionId, requesterAllowDnsResolution: requester?.allowDnsResolutionFromRemoteVpc,
                accepterAllowDnsResolution: accepter?.allowDnsResolutionFromRemoteVpc)
        }
        return EC2.ModifyVpcPeeringConnectionOptionsResult(
            accepterPeeringConnectionOptions: accepter.map { _ in
                EC2.PeeringConnectionOptions(allowDnsResolutionFromRemoteVpc: peering.accepter.allowDnsResolutionFromRemoteVpc)
            },
            requesterPeeringConnectionOptions: requester.map { _ in
                EC2.PeeringConnectionOptions(allowDnsResolutionFromRemoteVpc: peering.requester.allowDnsResolutionFromRemoteVpc)
            })
    }
}

extension EC2.VpcPeeringConnection {
    /// The connection as `viewer` sees it at `now`: its own tags, the status time gives it, the accepter's
    /// blocks once accepted, and the expiration time while pending.
    init(_ peering: VpcPeeringConnection, seenFrom viewer: AccountRegion, in state: CloudState, at now: Date) {
        let status = peering.status(at: now)
        self.init(
            accepterVpcInfo: EC2.VpcPeeringConnectionVpcInfo(peering.accepter, in: state, showBlocks: peering.wasAccepted),
            expirationTime: status == .pendingAcceptance ? peering.expirationTime : nil,
            requesterVpcInfo: EC2.VpcPeeringConnectionVpcInfo(peering.requester, in: state, showBlocks: true),
            status: EC2.VpcPeeringConnectionStateReason(code: status.rawValue, message: peering.statusMessage(at: now)),
            tags: (peering.tagsByScope[viewer] ?? TagSet()).wire ?? [], vpcPeeringConnectionId: peering.id)
    }
}

extension EC2.VpcPeeringConnectionVpcInfo {
    init(_ side: PeeringSide, in state: CloudState, showBlocks: Bool) {
        let blocks = state.blocks(of: side)
        self.init(
            cidrBlock: showBlocks ? blocks.ipv4.first : nil,
            ipv6CidrBlockSet: showBlocks && !blocks.ipv6.isEmpty ? blocks.ipv6.map { EC2.Ipv6CidrBlock(ipv6CidrBlock: $0) } : nil,
            cidrBlockSet: showBlocks ? blocks.ipv4.map { EC2.CidrBlock(cidrBlock: $0) } : nil, ownerId: side.scope.account,
            peeringOptions: EC2.VpcPeeringConnectionOptionsDescription(
                allowDnsResolutionFromRemoteVpc: side.allowDnsResolutionFromRemoteVpc, allowEgressFromLocalClassicLinkToRemoteVpc: false,
                allowEgressFromLocalVpcToRemoteClassicLink: false),
            vpcId: side.vpcId, region: side.scope.region)
    }
}
