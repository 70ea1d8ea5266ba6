public import Addressing

/// One link of a VPC's router namespace, and where it leads.
///
/// The router is LocalVPC's stand-in for the VPC's implicit router: every packet between two instances, across a
/// peering or to the internet passes through it, so the evaluator sees each flow's first packet.
public struct RouterLink: Sendable, Hashable {
    public enum Destination: Sendable, Hashable {
        /// An instance's interface (the other end is `eth<n>` in the instance's namespace).
        case networkInterface(String)
        /// The router of the VPC at the other side of an active peering (the other end has the same name).
        case vpcPeeringConnection(String, peerVpcId: String)
        /// The internet namespace, through the VPC's internet gateway.
        case internetGateway(String)
        /// The internet namespace, through a NAT gateway, whose Elastic IP becomes the source of what leaves by it.
        case natGateway(String, publicIp: IPv4Address)
        /// The internet namespace, through an egress-only internet gateway: IPv6 out, and only replies back in.
        case egressOnlyInternetGateway(String)
        /// The namespace of a transit gateway, through the VPC's attachment to it (the other end has the same name).
        case transitGatewayAttachment(String, transitGatewayId: String)
    }

    public let destination: Destination
    public let mtu: Int

    /// The link's name, the same at both ends (`lvpc-e…` for an interface, `lvpc-p…` a peering, `lvpc-g…` an internet
    /// gateway, `lvpc-n…` a NAT gateway, `lvpc-x…` an egress-only internet gateway, `lvpc-t…` a transit gateway
    /// attachment).
    public var name: String {
        switch destination {
        case .networkInterface(let id): DataPlaneNames.link(.networkInterface, id)
        case .vpcPeeringConnection(let id, _): DataPlaneNames.link(.vpcPeeringConnection, id)
        case .internetGateway(let id): DataPlaneNames.link(.internetGateway, id)
        case .natGateway(let id, _): DataPlaneNames.link(.natGateway, id)
        case .egressOnlyInternetGateway(let id): DataPlaneNames.link(.egressOnlyInternetGateway, id)
        case .transitGatewayAttachment(let id, _): DataPlaneNames.link(.transitGatewayAttachment, id)
        }
    }

    /// AWS's MTU through an internet or NAT gateway.
    public static let internetMtu = 1500
    /// AWS's MTU across an inter-region peering (9001 within a region).
    public static let interRegionPeeringMtu = 8500
    /// AWS's MTU through a transit gateway ("a transit gateway supports an MTU of 8500 bytes for traffic between VPCs"):
    /// a larger packet gets the router's "fragmentation needed" back, as AWS's path MTU discovery answers since 2024.
    public static let transitGatewayMtu = 8500
}
