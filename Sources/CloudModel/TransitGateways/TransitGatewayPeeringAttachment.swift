public import Foundation

/// A transit gateway peering attachment (`tgw-attach-…`): a request from one transit gateway to another, in another
/// region or account, that the peer's owner accepts or rejects in the peer's region, as with VPC peering.
///
/// Stored once, in the requester's account and region; the accepter's side sees the same attachment by id.
public struct TransitGatewayPeeringAttachment: IdentifiedResource {
    public static var table: WritableKeyPath<RegionState, PersistentDictionary<String, TransitGatewayPeeringAttachment>> {
        \.transitGatewayPeeringAttachments
    }
    public static let resourceType = "transit-gateway-attachment"
    public static let idKind = ResourceIdKind.transitGatewayAttachment
    public var resource: Resource { .transitGatewayPeeringAttachment(self) }
    public static func unwrap(_ resource: Resource) -> Self? {
        if case .transitGatewayPeeringAttachment(let value) = resource { value } else { nil }
    }

    public let id: String
    /// The requester's account and region, where the attachment is stored.
    public let scope: AccountRegion
    public let transitGatewayId: String
    public let peerTransitGatewayId: String
    public let peerScope: AccountRegion
    public internal(set) var status: Status
    /// When the status last changed, for the `pending` and `deleting` moments and the visibility window.
    public internal(set) var statusChangedAt: Date
    /// The requester's tags; the accepter's side shows none (LocalVPC keeps no per-side tags for these yet).
    public var tags: TagSet
    public let createdAt: Date
    /// The route table each side associated the attachment with (AssociateTransitGatewayRouteTable, by each gateway's
    /// owner): it routes what arrives from the other gateway. Absent from state stored before LocalVPC had them.
    public internal(set) var requesterRouteTableId: String?
    public internal(set) var accepterRouteTableId: String?

    public var vpcId: String? { nil }

    /// Whether the attachment still joins (or may join) the two gateways: not rejected, failed or deleted.
    public var isLive: Bool { status == .pendingAcceptance || status == .accepted }

    /// The state clients see at `now`, as AWS spells it.
    public func state(at now: Date) -> String {
        let settling = now.timeIntervalSince(statusChangedAt) < TransitGatewayLifecycle.transitionTime
        return switch status {
        case .pendingAcceptance: "pendingAcceptance"
        case .accepted: settling ? "pending" : "available"
        case .rejected: "rejected"
        case .failed: "failed"
        case .deleted: settling ? "deleting" : "deleted"
        }
    }

    public func isVisible(at now: Date) -> Bool {
        isLive || now.timeIntervalSince(statusChangedAt) < TransitGatewayLifecycle.transitionTime + TransitGatewayLifecycle.visibleAfterDelete
    }

    /// The route table `gatewayId`'s side associated the attachment with.
    public func associatedRouteTableId(on gatewayId: String) -> String? {
        gatewayId == transitGatewayId ? requesterRouteTableId : gatewayId == peerTransitGatewayId ? accepterRouteTableId : nil
    }

    /// The gateway across the attachment from `gatewayId`.
    public func otherGateway(than gatewayId: String) -> String {
        gatewayId == transitGatewayId ? peerTransitGatewayId : transitGatewayId
    }

    /// Whether `viewer` is one of the two sides.
    public func involves(_ viewer: AccountRegion) -> Bool { viewer == scope || viewer == peerScope }

    public init(
        id: String, scope: AccountRegion, transitGatewayId: String, peerTransitGatewayId: String, peerScope: AccountRegion, status: Status,
        tags: TagSet, createdAt: Date
    ) {
        self.id = id
        self.scope = scope
        self.transitGatewayId = transitGatewayId
        self.peerTransitGatewayId = peerTransitGatewayId
        self.peerScope = peerScope
        self.status = status
        self.statusChangedAt = createdAt
        self.tags = tags
        self.createdAt = createdAt
    }

    /// What has happened to the request.
    public enum Status: String, Sendable, Hashable, Codable {
        case pendingAcceptance, accepted, rejected, failed, deleted
    }
}
