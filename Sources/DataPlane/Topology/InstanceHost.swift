public import Addressing

/// A running instance as the host sees it: a network namespace of its own, holding one link per attached interface.
public struct InstanceHost: Sendable, Hashable {
    public let instanceId: String
    public let vpcId: String
    /// The namespace's name: `lvpc-` and the instance id, so `localvpc instance exec` finds it from the id alone.
    public var namespace: String { Self.namespace(of: instanceId) }
    public var interfaces: [HostInterface]
    /// What the namespace resolves names with (`/etc/netns/NAME/resolv.conf`): its VPC's DHCP options.
    public var resolvConf: NamespaceResolvConf? = nil

    public static func namespace(of instanceId: String) -> String { DataPlaneNames.prefix + instanceId }
}

/// One of an instance's network interfaces: `eth<device index>` inside the instance, its router end in the VPC's
/// router namespace.
public struct HostInterface: Sendable, Hashable {
    public let networkInterfaceId: String
    public let deviceIndex: Int
    /// The MAC address DescribeNetworkInterfaces reports.
    public let macAddress: String
    /// Private IPv4 addresses, primary first.
    public let privateIpAddresses: [IPv4Address]
    /// IPv6 addresses: each a /128 inside the instance, as AWS's DHCPv6 gives them, reached through the router at
    /// `ipv6Gateway`.
    public let ipv6Addresses: [IPv6Address]
    /// The subnet's block: the instance sees its addresses with this prefix, as on AWS.
    public let subnet: IPv4CIDR
    /// The subnet's router, its base address + 1: the instance's default gateway.
    public var gateway: IPv4Address { IPv4Address(value: subnet.network.value &+ 1) }
    /// The router's IPv6 address on every instance link (link-local, as AWS's IPv6 router's is).
    public static let ipv6Gateway = "fe80::1"
    /// The name of the link inside the instance (`eth0`, `eth1`, …).
    public var name: String { "eth\(deviceIndex)" }
    /// The name of the link's end in the router namespace.
    public var routerLinkName: String { DataPlaneNames.link(.networkInterface, networkInterfaceId) }
    /// AWS's MTU inside a VPC.
    public static let mtu = 9001

    /// Whether `other` is the same link with perhaps other addresses (so it changes in place).
    func isSameLink(as other: HostInterface) -> Bool {
        networkInterfaceId == other.networkInterfaceId && deviceIndex == other.deviceIndex && macAddress == other.macAddress
            && subnet == other.subnet
    }
}
