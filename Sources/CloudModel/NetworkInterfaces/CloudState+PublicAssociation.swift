public import Addressing

extension CloudState {
    /// The public side of one private address: its public IP, who owns that IP (`amazon` for an auto-assigned one),
    /// its DNS name, and the Elastic IP's ids.
    public func publicAssociation(of interface: NetworkInterface, privateIp: IPv4Address)
        -> (ip: String, owner: String, dnsName: String, allocationId: String?, associationId: String?)?
    {
        let dns = { (ip: IPv4Address) in self.hasDnsHostnames(interface) ? CloudState.publicDnsName(ip, region: interface.scope.region) : "" }
        if let address = elasticIp(of: interface, privateIp: privateIp) {
            return (address.publicIp.description, interface.scope.account, dns(address.publicIp), address.id, address.association?.associationId)
        }
        if privateIp == interface.primaryPrivateIp, let ip = interface.autoPublicIp {
            return (ip.description, "amazon", dns(ip), nil, nil)
        }
        return nil
    }

    /// Public DNS names exist only in VPCs with DNS hostnames on.
    public func hasDnsHostnames(_ interface: NetworkInterface) -> Bool {
        get(Vpc.self, interface.interfaceVpcId, in: interface.scope)?.enableDnsHostnames == true
    }
}
