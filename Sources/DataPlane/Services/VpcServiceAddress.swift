public import Addressing

/// Where a VPC's own services answer its instances: the Amazon DNS server (Route 53 Resolver) and the instance
/// metadata service, at AWS's fixed link-local addresses and, for DNS, at the VPC's base address + 2.
///
/// Each is an address of the VPC's router namespace (on `lo`). AWS: security groups and network ACLs do not filter
/// traffic to or from these services, and flow logs do not record it, so the router passes a new flow to them
/// straight to the local socket, never to the evaluator (`FlowMark.vpcService`).
public enum VpcServiceAddress {
    /// The Amazon DNS server's link-local address (also reachable at the VPC's base + 2).
    public static let resolver = IPAddress.v4(IPv4Address(169, 254, 169, 253))
    /// The instance metadata service.
    public static let metadata = IPAddress.v4(IPv4Address(169, 254, 169, 254))
    /// Their IPv6 addresses on Nitro instances.
    public static let ipv6Resolver = IPAddress("fd00:ec2::253")!
    public static let ipv6Metadata = IPAddress("fd00:ec2::254")!

    /// The Amazon DNS server's address inside the VPC: its primary IPv4 block's base address + 2 (AWS: "for VPCs with
    /// multiple IPv4 CIDR blocks, the DNS server IP address is located in the primary CIDR block").
    public static func resolver(ofPrimaryBlock block: IPv4CIDR) -> IPv4Address {
        IPv4Address(value: block.network.value &+ 2)
    }

    /// Every service address of a router whose VPC's resolver is at `vpcResolver`.
    public static func all(vpcResolver: IPv4Address?) -> [IPAddress] {
        [resolver, metadata, ipv6Resolver, ipv6Metadata] + (vpcResolver.map { [.v4($0)] } ?? [])
    }
}
