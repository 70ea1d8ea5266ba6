/// A transit gateway route table's route as an analysis reports it (AWS's `TransitGatewayRouteTableRoute` in a
/// `PathComponent` or an `Explanation`).
public struct AnalysisTransitGatewayRoute: Sendable, Hashable, Codable {
    public var destinationCidr: String
    /// `active` or `blackhole`.
    public var state: String
    /// `static` or `propagated`, as `RouteOrigin` spells them.
    public var routeOrigin: String
    public var attachmentId: String?
    /// The attachment's VPC, or the peer transit gateway of a peering attachment.
    public var resourceId: String?
    /// `vpc` or `peering`.
    public var resourceType: String?

    public init(destinationCidr: String, state: String, routeOrigin: String, attachmentId: String?, resourceId: String?, resourceType: String?) {
        self.destinationCidr = destinationCidr
        self.state = state
        self.routeOrigin = routeOrigin
        self.attachmentId = attachmentId
        self.resourceId = resourceId
        self.resourceType = resourceType
    }
}
