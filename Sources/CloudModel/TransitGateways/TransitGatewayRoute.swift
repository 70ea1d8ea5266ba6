public import Addressing

/// One route of a transit gateway route table as AWS shows it: static (CreateTransitGatewayRoute) or propagated (an
/// attachment's VPC CIDR block), `active`, or `blackhole` when it drops what it matches.
public struct TransitGatewayRoute: Sendable, Hashable {
    public let destination: IPv4CIDR
    public let type: RouteType
    public let state: State
    /// Where matching packets leave; nil for a blackhole route made as one.
    public let attachmentId: String?
    /// The attachment's resource: the VPC of a VPC attachment, the peer transit gateway of a peering attachment.
    public let resourceId: String?
    /// `vpc` or `peering`; nil for a blackhole route made as one.
    public let resourceType: String?

    public init(destination: IPv4CIDR, type: RouteType, state: State, attachmentId: String?, resourceId: String?, resourceType: String? = "vpc") {
        self.destination = destination
        self.type = type
        self.state = state
        self.attachmentId = attachmentId
        self.resourceId = resourceId
        self.resourceType = attachmentId == nil ? nil : resourceType
    }

    /// `Type`.
    public enum RouteType: String, Sendable, Hashable, Codable {
        case `static`, propagated
    }

    /// `State`.
    public enum State: String, Sendable, Hashable, Codable {
        case active, blackhole
    }
}
