import Addressing

/// The network interfaces of interface endpoints: one per subnet, requester-managed (type `vpc_endpoint`), holding a
/// free address of the subnet (and an IPv6 address for a dualstack endpoint), with the endpoint's security groups.
extension Transaction {
    /// The subnets of `choices` for an interface endpoint in `vpcId`, checked: in the VPC, one per availability
    /// zone (also against `existing`, the zones the endpoint already covers), with the address family the endpoint's
    /// `ipAddressType` needs.
    func endpointSubnets(
        _ choices: [VpcEndpointRequest.SubnetChoice], vpcId: String, ipAddressType: VpcEndpoint.IpAddressType, existing: [String] = []
    ) throws(EC2Error) -> [(Subnet, VpcEndpointRequest.SubnetChoice)] {
        var zones = Set(existing)
        var result: [(Subnet, VpcEndpointRequest.SubnetChoice)] = []
        for choice in choices {
            let subnet = try require(Subnet.self, choice.subnetId)
            guard subnet.subnetVpcId == vpcId else { throw .subnetElsewhere(subnet.id, vpcId: vpcId) }
            guard zones.insert(subnet.availabilityZone).inserted else { throw .duplicateSubnetsInSameZone(subnet.id) }
            guard subnet.cidrBlock != nil else { throw .endpointNeedsIpv4Subnet(subnet.id) }
            if ipAddressType == .dualstack, subnet.ipv6CidrBlockAssociations.isEmpty { throw .endpointNeedsIpv6Subnet(subnet.id) }
            if ipAddressType == .ipv4, let address = choice.ipv6 { throw .endpointIpv6AddressWithoutIpv6(address) }
            result.append((subnet, choice))
        }
        return result
    }

    /// Makes the endpoint's interface in `subnet` and records it on the endpoint.
    mutating func addEndpointInterface(to endpoint: inout VpcEndpoint, in subnet: Subnet, choice: VpcEndpointRequest.SubnetChoice) throws(EC2Error) {
        var taken = privateIpsInUse(in: subnet)
        let dualstack = endpoint.ipAddressType == .dualstack
        var interface = try makeInterface(
            InterfaceRequest(
                subnetId: subnet.id, description: "VPC Endpoint Interface \(endpoint.id)", groupIds: endpoint.groupIds,
                privateIpAddress: choice.ipv4, ipv6AddressCount: dualstack && choice.ipv6 == nil ? 1 : (dualstack ? nil : 0),
                ipv6Addresses: choice.ipv6.map { [$0] } ?? []),
            in: subnet, taken: &taken, tags: [:])
        interface.interfaceType = .vpcEndpoint
        put(interface)
        endpoint.subnetInterfaces.append(
            VpcEndpoint.SubnetInterface(subnetId: subnet.id, networkInterfaceId: interface.id, availabilityZone: subnet.availabilityZone))
    }

    /// Deletes the endpoint's interface in `subnetId`, freeing its addresses.
    mutating func removeEndpointInterface(from endpoint: inout VpcEndpoint, subnetId: String) {
        guard let index = endpoint.subnetInterfaces.firstIndex(where: { $0.subnetId == subnetId }) else { return }
        if let interface = get(NetworkInterface.self, endpoint.subnetInterfaces[index].networkInterfaceId) {
            deleteFlowLogs(monitoring: interface.id)
            delete(interface)
        }
        endpoint.subnetInterfaces.remove(at: index)
    }

    /// Gives every interface of the endpoint its security groups and, for a dualstack endpoint, an IPv6 address
    /// (an IPv4 endpoint's interfaces hold none).
    mutating func refreshEndpointInterfaces(of endpoint: VpcEndpoint) throws(EC2Error) {
        for member in endpoint.subnetInterfaces {
            guard var interface = get(NetworkInterface.self, member.networkInterfaceId) else { continue }
            interface.groupIds = endpoint.groupIds
            switch endpoint.ipAddressType {
            case .ipv4, .ipv6:
                interface.ipv6Addresses = []
            case .dualstack where interface.ipv6Addresses.isEmpty:
                let subnet = try require(Subnet.self, interface.subnetId)
                var taken: Set<IPv6Address>?
                interface.ipv6Addresses = try allocateIpv6Addresses(in: subnet, named: [], count: 1, onto: [], taken: &taken)
            case .dualstack:
                break
            }
            put(interface)
        }
    }
}
