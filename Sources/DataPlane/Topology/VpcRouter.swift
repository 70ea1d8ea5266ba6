public import Addressing

/// A VPC's router: one namespace per VPC that has something running, with a link to each of its running instances'
/// interfaces, one per active peering, one to the internet through its internet gateway and one per NAT gateway.
public struct VpcRouter: Sendable, Hashable {
    public let vpcId: String
    public var namespace: String { DataPlaneNames.router(of: vpcId) }
    public var links: [RouterLink]
    /// The 1:1 NAT of the internet gateway: each public address (auto-assigned or Elastic) and the private address of
    /// this VPC it stands for. The instance only ever sees the private one, as on AWS.
    public var publicAddresses: [IPv4Address: IPv4Address]
    /// The Amazon DNS server's address in the VPC (its primary block's base + 2), held by the router with the other
    /// `VpcServiceAddress`es.
    public var resolverAddress: IPv4Address? = nil

    /// The link named `name`, if the router has it.
    public func link(named name: String) -> RouterLink? { links.first { $0.name == name } }
}
