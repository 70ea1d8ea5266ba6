public import Addressing

/// Why a name resolves the way it does: what `localvpc reach` explains, in AWS's terms.
public enum DnsReason: Sendable, Hashable {
    /// The asking VPC's `enableDnsSupport` is off: its resolver answers nothing.
    case dnsSupportOff(vpcId: String)
    /// Not a name of Amazon's zones (nor a reverse name of an address the VPC knows): never forwarded.
    case notServed
    /// A private or public name whose address no interface of the VPC (or anywhere, for public names) holds.
    case noSuchAddress(IPv4Address)
    /// A private name of an address held in another VPC: private names resolve only inside their own VPC.
    case privateNameOfOtherVpc(vpcId: String)
    /// A public name of a VPC with `enableDnsHostnames` off: it has no public DNS names.
    case dnsHostnamesOff(vpcId: String)
    /// A resource name whose record the subnet does not enable (`EnableResourceNameDnsARecord`/`…AAAARecord`).
    case resourceNameRecordOff(subnetId: String, ipv6: Bool)
    /// A public name of the asking VPC itself: it resolves to the private address inside the VPC.
    case sameVpc(vpcId: String)
    /// A peer's public name resolving to its private address: the peer's side allows it.
    case peeringAllowsDnsResolution(peeringId: String, side: PeeringSideName, ownerVpcId: String)
    /// A peer's public name resolving to its public address: the peer's side does not allow resolution from the asker.
    case peeringOptionOff(peeringId: String, side: PeeringSideName, ownerVpcId: String)
    /// The option is on, but a VPC of the peering lacks DNS hostnames or support, which resolution across it needs.
    case peeringNeedsDnsAttributes(peeringId: String, vpcId: String)
    /// A public name of a VPC not peered with the asker: the public address, as from anywhere.
    case notPeered(ownerVpcId: String)
    /// Asked from the internet: public names give public addresses.
    case fromInternet
}
