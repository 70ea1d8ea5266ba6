public import Addressing

/// What the Amazon DNS server knows when it answers: each VPC's DNS attributes, each network interface's addresses
/// and names, and the active peerings with their `AllowDnsResolutionFromRemoteVpc` options.
///
/// A plain value so the rules (`AmazonDns`) can be fed from the server's state (`init(state:at:)`) or from what the
/// EC2 API describes (`localvpc reach` explaining a name), and be tested without either.
public struct DnsDirectory: Sendable, Hashable {
    /// A VPC's DNS attributes.
    public struct VpcRecord: Sendable, Hashable {
        public let id: String
        public let region: String
        public let enableDnsSupport: Bool
        public let enableDnsHostnames: Bool

        public init(id: String, region: String, enableDnsSupport: Bool, enableDnsHostnames: Bool) {
            self.id = id
            self.region = region
            self.enableDnsSupport = enableDnsSupport
            self.enableDnsHostnames = enableDnsHostnames
        }
    }

    /// One network interface: its addresses, the public addresses mapped to them, and how its subnet names instances.
    public struct InterfaceRecord: Sendable, Hashable {
        public let networkInterfaceId: String
        /// The instance it is attached to as its primary interface (device index 0): the one resource names stand for.
        public let primaryOfInstanceId: String?
        public let subnetId: String
        public let vpcId: String
        public let region: String
        /// Primary first.
        public let privateIpAddresses: [IPv4Address]
        public let ipv6Addresses: [IPv6Address]
        /// Each public address (auto-assigned or Elastic) and the private address it stands for.
        public let publicIpAddresses: [IPv4Address: IPv4Address]
        /// The subnet's `PrivateDnsNameOptionsOnLaunch`: which resource-name records exist.
        public let nameOptions: PrivateDnsNameOptions

        public init(
            networkInterfaceId: String, primaryOfInstanceId: String?, subnetId: String, vpcId: String, region: String,
            privateIpAddresses: [IPv4Address], ipv6Addresses: [IPv6Address], publicIpAddresses: [IPv4Address: IPv4Address],
            nameOptions: PrivateDnsNameOptions
        ) {
            self.networkInterfaceId = networkInterfaceId
            self.primaryOfInstanceId = primaryOfInstanceId
            self.subnetId = subnetId
            self.vpcId = vpcId
            self.region = region
            self.privateIpAddresses = privateIpAddresses
            self.ipv6Addresses = ipv6Addresses
            self.publicIpAddresses = publicIpAddresses
            self.nameOptions = nameOptions
        }
    }

    /// An active (or provisioning) peering and each side's `AllowDnsResolutionFromRemoteVpc`.
    public struct PeeringRecord: Sendable, Hashable {
        public let id: String
        public let requesterVpcId: String
        public let accepterVpcId: String
        /// The requester side's option: the requester VPC's public names resolve to private addresses for the accepter's instances.
        public let requesterAllowsDnsResolution: Bool
        /// The accepter side's option: the accepter VPC's public names resolve to private addresses for the requester's instances.
        public let accepterAllowsDnsResolution: Bool

        public init(id: String, requesterVpcId: String, accepterVpcId: String, requesterAllowsDnsResolution: Bool, accepterAllowsDnsResolution: Bool)
        {
            self.id = id
            self.requesterVpcId = requesterVpcId
            self.accepterVpcId = accepterVpcId
            self.requesterAllowsDnsResolution = requesterAllowsDnsResolution
            self.accepterAllowsDnsResolution = accepterAllowsDnsResolution
        }
    }

    public internal(set) var vpcs: [String: VpcRecord]
    public internal(set) var interfaces: [InterfaceRecord]
    public internal(set) var peerings: [PeeringRecord]

    public init(vpcs: [VpcRecord], interfaces: [InterfaceRecord], peerings: [PeeringRecord]) {
        self.vpcs = Dictionary(vpcs.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.interfaces = interfaces
        self.peerings = peerings
    }
}
