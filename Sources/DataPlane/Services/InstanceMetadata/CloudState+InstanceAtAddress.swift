import Addressing
import CloudModel

extension CloudState {
    /// The instance whose interface in `vpcId` holds `address` (a private IPv4 or an IPv6 address): who a packet from
    /// `address` inside that VPC comes from. Nil when no attached interface of the VPC holds it.
    func instance(holding address: IPAddress, inVpc vpcId: String) -> Instance? {
        for region in regions.values where region.vpcs[vpcId] != nil {
            let interface = region.networkInterfaces.values.first { interface in
                guard interface.interfaceVpcId == vpcId, interface.attachment != nil else { return false }
                switch address {
                case .v4(let v4): return interface.privateIpAddresses.contains(v4)
                case .v6(let v6): return interface.ipv6Addresses.contains(v6)
                }
            }
            guard let instanceId = interface?.attachedInstanceId else { return nil }
            return region.instances[instanceId]
        }
        return nil
    }
}
