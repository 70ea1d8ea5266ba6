public import Addressing

/// A transit gateway on the host: a namespace of its own (`lvpc-tgw-…`) with a link to the router of each VPC
/// attached to it, routing what comes in by a link with the route table associated with that link's attachment.
///
/// It holds no connection tracking and asks no evaluator: the flow was decided at the router it started in (the
/// verdict names the attachments it enters and leaves by), and these tables render the same state the evaluator read,
/// so the kernel sends each packet where the verdict said. Stateless forwarding keeps the gateway as fast as a veth.
public struct TransitGatewayRouter: Sendable, Hashable {
    public let transitGatewayId: String
    public var namespace: String { DataPlaneNames.transitGateway(transitGatewayId) }
    /// By attachment id: the VPC whose router is at the other end of the attachment's link. Only `available`
    /// attachments of VPCs that have a router have a link.
    public var attachments: [String: String]
    /// By peering attachment id: the transit gateway at the other end of the peering's link (both gateways'
    /// namespaces exist; the peering is `available`).
    public var peerings: [String: String] = [:]
    /// By attachment id (a VPC's or a peering's, on this gateway's side): the route table associated with it, which routes what enters the gateway through it. An
    /// attachment without one routes nothing (AWS drops what enters by it).
    public var associations: [String: String]
    /// By route table id: its routes as the kernel holds them, one per destination.
    public var routeTables: [String: [Route]]

    public init(
        transitGatewayId: String, attachments: [String: String] = [:], associations: [String: String] = [:], routeTables: [String: [Route]] = [:]
    ) {
        self.transitGatewayId = transitGatewayId
        self.attachments = attachments
        self.associations = associations
        self.routeTables = routeTables
    }

    /// Whether `attachmentId` has a link here: a VPC attachment or a peering attachment.
    public func links(_ attachmentId: String) -> Bool { attachments[attachmentId] != nil || peerings[attachmentId] != nil }

    /// The link of an attachment: its name is the same at both ends (the VPC's router, or the peer gateway).
    public func link(of attachmentId: String) -> RouterLink {
        RouterLink(destination: .transitGatewayAttachment(attachmentId, transitGatewayId: transitGatewayId), mtu: RouterLink.transitGatewayMtu)
    }

    /// One route of a transit gateway route table, as the gateway's kernel routes by it.
    public struct Route: Sendable, Hashable {
        public let destination: IPv4CIDR
        public let target: Target

        public init(destination: IPv4CIDR, target: Target) {
            self.destination = destination
            self.target = target
        }

        public enum Target: Sendable, Hashable {
            /// Out by this attachment's link.
            case attachment(String)
            /// Dropped: a blackhole route, a route to an attachment that is not available, or one whose VPC has no
            /// router on the host (nothing there could answer). Kept, not left out, so that a shorter prefix does not
            /// take the packet somewhere else.
            case blackhole
        }
    }
}
