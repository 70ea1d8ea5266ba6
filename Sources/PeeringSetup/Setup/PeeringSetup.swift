public import EC2Client

/// `localvpc peer`: the seed walkthrough (request, accept, routes both ways, security-group
/// rules) as one idempotent run against any EC2 endpoint.
///
/// Every step first describes what is there and changes only what is missing, so a second
/// run changes nothing and says so. A route whose destination already goes elsewhere is
/// never overwritten: it is reported as a conflict and the run ends unsuccessful. The first
/// VPC requests; the second accepts, with the accepter client's credentials and region.
public struct PeeringSetup: Sendable {
    /// What to set up.
    public struct Options: Sendable {
        /// The requester VPC: an id, or a `Name` tag value.
        public var vpcA: String
        /// The accepter VPC: an id, or a `Name` tag value.
        public var vpcB: String
        /// The accepter's account (`PeerOwnerId`); by default the owner of `vpcB`, or the requester's account.
        public var peerOwner: String?
        /// True when the accepter client has the accepter account's own credentials (`--accepter-profile`).
        public var hasAccepterCredentials: Bool
        /// Add routes to the peer's blocks in every route table the VPC's subnets use, both ways.
        public var routes: Bool
        /// Ingress to allow from the peer's blocks.
        public var allow: [AllowedTraffic]
        /// The group to open in the requester VPC; its default group when nil.
        public var securityGroupA: String?
        /// The group to open in the accepter VPC; its default group when nil.
        public var securityGroupB: String?
        /// Describe and report, change nothing.
        public var dryRun: Bool
        /// How long to wait for the connection to become active.
        public var activeTimeout: Duration

        /// Options with the defaults of the command line.
        public init(
            vpcA: String, vpcB: String, peerOwner: String? = nil, hasAccepterCredentials: Bool = false, routes: Bool = false,
            allow: [AllowedTraffic] = [], securityGroupA: String? = nil, securityGroupB: String? = nil, dryRun: Bool = false,
            activeTimeout: Duration = .seconds(120)
        ) {
            self.vpcA = vpcA
            self.vpcB = vpcB
            self.peerOwner = peerOwner
            self.hasAccepterCredentials = hasAccepterCredentials
            self.routes = routes
            self.allow = allow
            self.securityGroupA = securityGroupA
            self.securityGroupB = securityGroupB
            self.dryRun = dryRun
            self.activeTimeout = activeTimeout
        }
    }

    /// The client of the requester VPC's account and region.
    public let requester: EC2Client
    /// The client of the accepter VPC's account and region (the same as `requester` when both are the same).
    public let accepter: EC2Client
    /// What to set up.
    public let options: Options

    /// A setup for two clients.
    public init(requester: EC2Client, accepter: EC2Client, options: Options) {
        self.requester = requester
        self.accepter = accepter
        self.options = options
    }

    /// Runs every step, handing each to `report` as it happens; never throws: errors end up in the outcome.
    public func run(report: @escaping @Sendable (PeeringStep) -> Void = { _ in }) async -> PeeringOutcome {
        var journal = Journal(outcome: PeeringOutcome(dryRun: options.dryRun), report: report)
        do {
            try await perform(&journal)
        } catch {
            journal.outcome.error = PeeringOutcome.Failure(error)
        }
        return journal.outcome
    }

    private func perform(_ journal: inout Journal) async throws {
        let vpcA = try await requester.vpc(options.vpcA)
        journal.outcome.requesterVpcId = vpcA.vpcId
        let canReadB = options.hasAccepterCredentials || options.peerOwner == nil || options.peerOwner == vpcA.ownerId
        guard canReadB || EC2Client.looksLikeVpcId(options.vpcB) else {
            throw PeeringSetupError.peerNeedsId(options.vpcB, account: options.peerOwner ?? "")
        }
        let vpcB = canReadB ? try await accepter.vpc(options.vpcB) : nil
        if let vpcB, let owner = options.peerOwner, vpcB.ownerId != owner { throw PeeringSetupError.peerOwnerMismatch(vpcB, peerOwner: owner) }
        let a = Side(client: requester, vpcId: vpcA.vpcId, vpc: vpcA, securityGroup: options.securityGroupA)
        let b = Side(client: accepter, vpcId: vpcB?.vpcId ?? options.vpcB, vpc: vpcB, securityGroup: options.securityGroupB)
        journal.outcome.accepterVpcId = b.vpcId
        if a.vpcId == b.vpcId && requester.configuration.region == accepter.configuration.region { throw PeeringSetupError.sameVpc(a.vpcId) }
        let peerOwner = vpcB?.ownerId ?? options.peerOwner ?? vpcA.ownerId

        guard case .proceed(let connection) = try await connect(a, b, peerOwner: peerOwner, &journal) else { return }
        for (side, peer) in [(a, b), (b, a)] where options.routes {
            try await addRoutes(side, peer, connection, &journal)
        }
        for (side, peer) in [(a, b), (b, a)] where !options.allow.isEmpty {
            try await allowTraffic(side, peer, connection, &journal)
        }
    }
}

/// One VPC of the pair and the client that can act on it.
struct Side: Sendable {
    /// The client of this VPC's account and region.
    var client: EC2Client
    /// The VPC id.
    var vpcId: String
    /// The described VPC; nil when this side's account cannot be read (cross-account without its credentials).
    var vpc: Vpc?
    /// The security group to open, or nil for the VPC's default group.
    var securityGroup: String?
}

/// The outcome being built, and where each step is reported as it happens.
struct Journal {
    var outcome: PeeringOutcome
    let report: @Sendable (PeeringStep) -> Void

    mutating func record(_ step: PeeringStep) {
        outcome.steps.append(step)
        report(step)
    }
}
