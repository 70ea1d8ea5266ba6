public import Addressing
public import Foundation

/// A transit gateway route table (`tgw-rtb-…`): its static routes, and the attachments that propagate their VPC's
/// CIDR blocks into it. Which attachments it routes for is kept on the attachments (`associatedRouteTableId`).
public struct TransitGatewayRouteTable: IdentifiedResource {
    public static var table: WritableKeyPath<RegionState, PersistentDictionary<String, TransitGatewayRouteTable>> { \.transitGatewayRouteTables }
    public static let resourceType = "transit-gateway-route-table"
    public static let idKind = ResourceIdKind.transitGatewayRouteTable
    public var resource: Resource { .transitGatewayRouteTable(self) }
    public static func unwrap(_ resource: Resource) -> Self? {
        if case .transitGatewayRouteTable(let value) = resource { value } else { nil }
    }

    public let id: String
    public let scope: AccountRegion
    public let transitGatewayId: String
    public internal(set) var staticRoutes: [StaticRoute]
    /// The attachments whose VPC CIDR blocks appear here as `propagated` routes, in the order propagation was enabled.
    public internal(set) var propagatingAttachmentIds: [String]
    public var tags: TagSet
    public let createdAt: Date
    public internal(set) var deletedAt: Date?

    public var vpcId: String? { nil }
    public var isLive: Bool { deletedAt == nil }

    public func state(at now: Date) -> TransitGatewayLifecycle.State {
        TransitGatewayLifecycle.state(createdAt: createdAt, deletedAt: deletedAt, at: now)
    }

    public func isVisible(at now: Date) -> Bool { TransitGatewayLifecycle.isVisible(deletedAt: deletedAt, at: now) }

    public init(id: String, scope: AccountRegion, transitGatewayId: String, tags: TagSet, createdAt: Date) {
        self.id = id
        self.scope = scope
        self.transitGatewayId = transitGatewayId
        self.staticRoutes = []
        self.propagatingAttachmentIds = []
        self.tags = tags
        self.createdAt = createdAt
    }

    /// A route CreateTransitGatewayRoute made: to an attachment, or a blackhole that drops what matches it.
    public struct StaticRoute: Sendable, Hashable, Codable {
        public let destination: IPv4CIDR
        /// nil for a blackhole route.
        public let attachmentId: String?

        public init(destination: IPv4CIDR, attachmentId: String?) {
            self.destination = destination
            self.attachmentId = attachmentId
        }
    }
}
