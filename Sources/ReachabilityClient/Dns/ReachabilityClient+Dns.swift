import Addressing
import CloudModel
import EC2Client

extension ReachabilityClient {
    /// Whether what the user typed is a DNS name rather than an id, a Name tag or an address: it has a dot and a letter.
    public static func isDnsName(_ reference: String) -> Bool {
        reference.contains(".") && !isIPv4(reference) && reference.contains { $0.isLetter }
    }

    /// Resolves `name` as the Amazon DNS server of `source`'s VPC would (`AmazonDns`, the rules the data plane's
    /// server follows), from what the EC2 API describes of the region: VPC DNS attributes, subnets' hostname
    /// options, interfaces and active peerings.
    public func lookup(_ name: String, from source: Endpoint) async throws -> DnsLookup {
        guard let vpcId = source.vpcId else { throw ReachabilityClientError.noVpcToResolveFrom(source.label) }
        let directory = try await dnsDirectory()
        return DnsLookup(name: name, vpcId: vpcId, resolution: AmazonDns.resolve(name, .a, from: .vpc(vpcId), in: directory))
    }

    /// The region's DNS facts as the API describes them.
    func dnsDirectory() async throws -> DnsDirectory {
        let region = client.configuration.region
        var vpcs: [DnsDirectory.VpcRecord] = []
        for vpc in try await client.callPages("DescribeVpcs").flatMap({ $0.items("vpcSet") }) {
            guard let id = vpc.text("vpcId") else { continue }
            let support = try await client.call("DescribeVpcAttribute", [("VpcId", id), ("Attribute", "enableDnsSupport")])
            let hostnames = try await client.call("DescribeVpcAttribute", [("VpcId", id), ("Attribute", "enableDnsHostnames")])
            vpcs.append(
                DnsDirectory.VpcRecord(
                    id: id, region: region, enableDnsSupport: support.text("enableDnsSupport/value") == "true",
                    enableDnsHostnames: hostnames.text("enableDnsHostnames/value") == "true"))
        }
        var options: [String: PrivateDnsNameOptions] = [:]
        for subnet in try await client.callPages("DescribeSubnets").flatMap({ $0.items("subnetSet") }) {
            guard let id = subnet.text("subnetId") else { continue }
            var option = PrivateDnsNameOptions()
            option.enableResourceNameDnsARecord = subnet.text("privateDnsNameOptionsOnLaunch/enableResourceNameDnsARecord") == "true"
            option.enableResourceNameDnsAAAARecord = subnet.text("privateDnsNameOptionsOnLaunch/enableResourceNameDnsAAAARecord") == "true"
            options[id] = option
        }
        var interfaces: [DnsDirectory.InterfaceRecord] = []
        for interface in try await client.callPages("DescribeNetworkInterfaces").flatMap({ $0.items("networkInterfaceSet") }) {
            guard let id = interface.text("networkInterfaceId"), let subnetId = interface.text("subnetId"), let vpcId = interface.text("vpcId")
            else { continue }
            var privateIps: [IPv4Address] = []
            var publicIps: [IPv4Address: IPv4Address] = [:]
            for item in interface.items("privateIpAddressesSet") {
                guard let address = item.text("privateIpAddress").flatMap(IPv4Address.init) else { continue }
                if item.text("primary") == "true" { privateIps.insert(address, at: 0) } else { privateIps.append(address) }
                if let publicIp = item.text("association/publicIp").flatMap(IPv4Address.init) { publicIps[publicIp] = address }
            }
            guard !privateIps.isEmpty else { continue }
            let primaryOf = interface.text("attachment/deviceIndex") == "0" ? interface.text("attachment/instanceId") : nil
            interfaces.append(
                DnsDirectory.InterfaceRecord(
                    networkInterfaceId: id, primaryOfInstanceId: primaryOf, subnetId: subnetId, vpcId: vpcId, region: region,
                    privateIpAddresses: privateIps,
                    ipv6Addresses: interface.items("ipv6AddressesSet").compactMap { $0.text("ipv6Address").flatMap(IPv6Address.init) },
                    publicIpAddresses: publicIps, nameOptions: options[subnetId] ?? PrivateDnsNameOptions()))
        }
        let peerings = try await client.callPages("DescribeVpcPeeringConnections", Self.filters([("status-code", ["active"])]))
            .flatMap { $0.items("vpcPeeringConnectionSet") }
            .compactMap { peering -> DnsDirectory.PeeringRecord? in
                guard let id = peering.text("vpcPeeringConnectionId"), let requester = peering.text("requesterVpcInfo/vpcId"),
                    let accepter = peering.text("accepterVpcInfo/vpcId")
                else { return nil }
                return DnsDirectory.PeeringRecord(
                    id: id, requesterVpcId: requester, accepterVpcId: accepter,
                    requesterAllowsDnsResolution: peering.text("requesterVpcInfo/peeringOptions/allowDnsResolutionFromRemoteVpc") == "true",
                    accepterAllowsDnsResolution: peering.text("accepterVpcInfo/peeringOptions/allowDnsResolutionFromRemoteVpc") == "true")
            }
        return DnsDirectory(vpcs: vpcs, interfaces: interfaces, peerings: peerings)
    }
}
