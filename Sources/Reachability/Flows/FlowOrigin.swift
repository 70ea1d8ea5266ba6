/// Where a packet entered the cloud's network.
public enum FlowOrigin: Sendable, Hashable {
    /// An instance sent it out of this network interface (its source must be one of the interface's addresses: AWS's
    /// source/destination check).
    case networkInterface(String)
    /// It came from the internet to this VPC's internet gateway (its destination is a public address there, or an
    /// IPv6 address of the VPC).
    case internet(vpcId: String)
}
