import Addressing
public import Foundation

extension DnsDirectory {
    /// What the Amazon DNS server knows in `state` at `now`: every VPC and interface of every account and region (a
    /// peering crosses both), and the peerings that carry traffic.
    public init(state: CloudState, at now: Date) {
        var vpcs: [VpcRecord] = []
        var interfaces: [InterfaceRecord] = []
        var peerings: [PeeringRecord] = []
        for region in state.regions.values {
            for vpc in region.vpcs.values {
                vpcs.append(
                    VpcRecord(
                        id: vpc.id, region: vpc.scope.region, enableDnsSupport: vpc.enableDnsSupport, enableDnsHostnames: vpc.enableDnsHostnames))
            }
            for interface in region.networkInterfaces.values {
                var publicIps: [IPv4Address: IPv4Address] = [:]
                for address in interface.privateIpAddresses {
                    if let elastic = state.elasticIp(of: interface, privateIp: address) { publicIps[elastic.publicIp] = address }
                }
                if let publicIp = interface.autoPublicIp, state.publicIp(of: interface) == publicIp {
                    publicIps[publicIp] = interface.primaryPrivateIp
                }
                let primaryOf = interface.attachment.flatMap { $0.deviceIndex == 0 ? $0.instanceId : nil }
                interfaces.append(
                    InterfaceRecord(
                        networkInterfaceId: interface.id, primaryOfInstanceId: primaryOf, subnetId: interface.subnetId,
                        vpcId: interface.interfaceVpcId,
                        region: interface.scope.region, privateIpAddresses: interface.privateIpAddresses, ipv6Addresses: interface.ipv6Addresses,
                        publicIpAddresses: publicIps,
                        nameOptions: region.subnets[interface.subnetId]?.privateDnsNameOptionsOnLaunch ?? PrivateDnsNameOptions()))
            }
            for peering in region.vpcPeeringConnections.values where peering.status(at: now).carriesTraffic {
                peerings.append(
                    PeeringRecord(
                        id: peering.id, requesterVpcId: peering.requester.vpcId, accepterVpcId: peering.accepter.vpcId,
                        requesterAllowsDnsResolution: peering.requester.allowDnsResolutionFromRemoteVpc,
                        accepterAllowsDnsResolution: peering.accepter.allowDnsResolutionFromRemoteVpc))
            }
        }
        self.init(vpcs: vpcs, interfaces: interfaces, peerings: peerings)
    }
}
