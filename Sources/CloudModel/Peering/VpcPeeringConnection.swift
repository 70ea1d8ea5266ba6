public import Addressing
public import Foundation

/// A VPC peering connection between a requester VPC and an accepter VPC, possibly of another account or region.
///
/// It is stored once, in the requester's account and region; `CloudState` indexes it under both sides so
/// each owner can find it. Its `status` is what a command last set; what clients see is `status(at:)`,
/// which also accounts for time passing (a pending request expires after 7 days).
public struct VpcPeeringConnection: CloudResource {
    public static var table: WritableKeyPath<RegionState, PersistentDictionary<String, VpcPeeringConnection>> { \.vpcPeeringConnections }
    public static let resourceType = "vpc-peering-connection"
    public var resource: Resource { .vpcPeeringConnection(self) }
    public static func unwrap(_ resource: Resource) -> Self? {
        if case .vpcPeeringConnection(let value) = resource { value } else { nil }
    }

    public let id: String
    public var requester: PeeringSide
    public var accepter: PeeringSide
    public var status: PeeringStatus
    public var statusMessage: String
    public let createdAt: Date
    /// When a pending request expires: seven days after it was made.
    public let expirationTime: Date
    /// When the connection reached `deleted`, `rejected` or `failed`.
    public var endedAt: Date?
    /// The account that deleted or rejected it.
    public var endedBy: String?
    /// Whether it was ever accepted (the accepter's blocks are shown from then on).
    public var wasAccepted = false
    /// Tags belong to the account and region that set them.
    public var tagsByScope: [AccountRegion: TagSet] = [:]

    public var scope: AccountRegion { requester.scope }
    public var vpcId: String? { requester.vpcId }

    /// How long a pending request waits for acceptance.
    public static let acceptanceWindow: TimeInterval = 7 * 24 * 3600

    public init(id: String, requester: PeeringSide, accepter: PeeringSide, status: PeeringStatus, statusMessage: String, createdAt: Date) {
        self.id = id
        self.requester = requester
        self.accepter = accepter
        self.status = status
        self.statusMessage = statusMessage
        self.createdAt = createdAt
        // AWS states the expiry in whole seconds.
        self.expirationTime = Date(timeIntervalSince1970: createdAt.timeIntervalSince1970.rounded(.down) + Self.acceptanceWindow)
    }

    /// Whether both VPCs belong to one account (visibility windows differ then).
    public var isSameAccount: Bool { requester.scope.account == accepter.scope.account }

    /// Whether `vpcId` is one of the two VPCs.
    public func involves(_ vpcId: String) -> Bool { requester.vpcId == vpcId || accepter.vpcId == vpcId }

    /// Whether `vpcId` of `scope` is one of the two VPCs.
    public func involves(_ vpcId: String, in scope: AccountRegion) -> Bool {
        (requester.vpcId == vpcId && requester.scope == scope) || (accepter.vpcId == vpcId && accepter.scope == scope)
    }

    /// The side `scope` owns, when it owns one (the requester's first when both are the same).
    public func side(ownedBy scope: AccountRegion) -> PeeringSide? {
        if requester.scope == scope { return requester }
        if accepter.scope == scope { return accepter }
        return nil
    }
}

/// One end of a peering connection: a VPC, its owner and region, its blocks, and its options.
public struct PeeringSide: Sendable, Hashable, Codable {
    public let vpcId: String
    public let scope: AccountRegion
    /// The VPC's blocks as last known, shown if the VPC is gone.
    public var cidrBlocks: [IPv4CIDR]
    public var ipv6CidrBlocks: [IPv6CIDR]
    public var allowDnsResolutionFromRemoteVpc = false

    public init(vpcId: String, scope: AccountRegion, cidrBlocks: [IPv4CIDR], ipv6CidrBlocks: [IPv6CIDR]) {
        self.vpcId = vpcId
        self.scope = scope
        self.cidrBlocks = cidrBlocks
        self.ipv6CidrBlocks = ipv6CidrBlocks
    }
}

/// `Status.Code` of a peering connection, in AWS's words.
public enum PeeringStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case initiatingRequest = "initiating-request"
    case pendingAcceptance = "pending-acceptance"
    case provisioning
    case active
    case deleting
    case deleted
    case rejected
    case failed
    case expired

    /// Whether the connection is over: nothing more can happen to it.
    public var isTerminal: Bool { [.deleted, .rejected, .failed, .expired].contains(self) }

    /// Whether it counts as "the" peering of its two VPCs, blocking another (pending or active).
    public var isLive: Bool { [.initiatingRequest, .pendingAcceptance, .provisioning, .active].contains(self) }

    /// Whether traffic (and routes, and group references) can use it.
    public var carriesTraffic: Bool { self == .active || self == .provisioning }
}
