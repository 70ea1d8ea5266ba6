public import Addressing
import Foundation

/// The addresses and names of an instance, read from its primary interface and the addresses mapped to it.
extension CloudState {
    /// The instance's primary interface.
    public func primaryInterface(of instance: Instance) -> NetworkInterface? {
        get(NetworkInterface.self, instance.primaryNetworkInterfaceId, in: instance.scope)
    }

    /// The public address of an interface's primary private address: an Elastic IP if one is mapped, else the auto-assigned one.
    public func publicIp(of interface: NetworkInterface) -> IPv4Address? {
        elasticIp(of: interface, privateIp: interface.primaryPrivateIp)?.publicIp ?? interface.autoPublicIp
    }

    /// The Elastic IP mapped to one private address of an interface.
    public func elasticIp(of interface: NetworkInterface, privateIp: IPv4Address) -> Address? {
        elasticIps(of: interface).first { $0.association?.privateIpAddress == privateIp }
    }

    /// The Elastic IPs associated with an interface (from the region's index, not a scan), by public address.
    public func elasticIps(of interface: NetworkInterface) -> [Address] {
        let region = self[interface.scope]
        return (region.idsByNetworkInterface[interface.id] ?? []).compactMap { region.addresses[$0] }.sorted { $0.publicIp < $1.publicIp }
    }

    /// `ip-10-0-1-5.ec2.internal` in us-east-1, `ip-10-0-1-5.eu-west-1.compute.internal` elsewhere.
    public static func privateDnsName(_ address: IPv4Address, region: String) -> String {
        "ip-" + dashed(address) + "." + privateDnsDomain(region: region)
    }

    /// An instance's resource-name host name (`i-0123456789abcdef0.ec2.internal`), which the Amazon DNS server answers
    /// when the instance's subnet enables resource-name records (`PrivateDnsNameOptionsOnLaunch`).
    public static func resourceDnsName(_ instanceId: String, region: String) -> String {
        instanceId + "." + privateDnsDomain(region: region)
    }

    /// The domain of a region's private host names: `ec2.internal` in us-east-1 (older than the
    /// `REGION.compute.internal` form every other region uses), which is also its default DHCP `domain-name`.
    public static func privateDnsDomain(region: String) -> String {
        region == "us-east-1" ? "ec2.internal" : "\(region).compute.internal"
    }

    /// `ec2-198-18-0-5.compute-1.amazonaws.com` in us-east-1; only for VPCs with DNS hostnames on.
    public static func publicDnsName(_ address: IPv4Address, region: String) -> String {
        let host = "ec2-" + dashed(address)
        return region == "us-east-1" ? "\(host).compute-1.amazonaws.com" : "\(host).\(region).compute.amazonaws.com"
    }

    /// `10-0-1-5` for 10.0.1.5, as host names spell an address (computed for every instance a Describe shows).
    private static func dashed(_ address: IPv4Address) -> String {
        String(decoding: address.description.utf8.map { $0 == UInt8(ascii: ".") ? UInt8(ascii: "-") : $0 }, as: UTF8.self)
    }
}

extension CloudState {
    /// The interfaces attached to `instance`, in device-index order (from the region's index, not a scan).
    public func interfaces(of instance: Instance) -> [NetworkInterface] {
        let region = self[instance.scope]
        return (region.idsByInstance[instance.id] ?? []).compactMap { region.networkInterfaces[$0] }
            .sorted { ($0.attachment?.deviceIndex ?? 0) < ($1.attachment?.deviceIndex ?? 0) }
    }
}
