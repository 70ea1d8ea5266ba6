/// What `--routes` does about one destination in one route table.
public struct RouteChange: Sendable, Hashable, Codable {
    /// What to do.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// No route to the destination yet: create one to the peering.
        case add
        /// The route to the peering is there already.
        case alreadyThere = "already-there"
        /// A route to the same destination goes elsewhere; it is never replaced.
        case conflict
    }

    /// What to do.
    public var kind: Kind
    /// The table and why it matters.
    public var use: RouteTableUse
    /// The peer's CIDR block.
    public var destinationCidrBlock: String
    /// For a conflict: the route that is in the way.
    public var existing: Route?

    /// A change from its parts.
    public init(kind: Kind, use: RouteTableUse, destinationCidrBlock: String, existing: Route? = nil) {
        self.kind = kind
        self.use = use
        self.destinationCidrBlock = destinationCidrBlock
        self.existing = existing
    }

    /// One change per table in use and peer block. A route with the same destination and the
    /// peering as target is already there; with any other target (including an older, deleted
    /// peering) it is a conflict. With no peering yet (`peeringId` nil, a dry run) every
    /// existing route to the destination is a conflict.
    public static func changes(uses: [RouteTableUse], peerCidrBlocks: [String], peeringId: String?) -> [RouteChange] {
        uses.flatMap { use in
            peerCidrBlocks.map { cidr in
                guard let existing = use.table.route(to: cidr) else {
                    return RouteChange(kind: .add, use: use, destinationCidrBlock: cidr)
                }
                if let peeringId, existing.target == peeringId {
                    return RouteChange(kind: .alreadyThere, use: use, destinationCidrBlock: cidr)
                }
                return RouteChange(kind: .conflict, use: use, destinationCidrBlock: cidr, existing: existing)
            }
        }
    }
}
