/// The DNS names of an interface endpoint, as `DnsEntries` lists them.
extension VpcEndpoint {
    /// One DNS name and the hosted zone that holds it.
    public struct DnsEntry: Sendable, Hashable {
        public let dnsName: String
        public let hostedZoneId: String
    }

    /// The regional name (`vpce-…-1a2b3c4d.ec2.us-east-1.vpce.amazonaws.com`), one zonal name per interface
    /// (`vpce-…-1a2b3c4d-us-east-1a.ec2.…`), then, with private DNS on, the service's own name in the VPC's private
    /// hosted zone. S3's names start with `*.`, for the bucket. Gateway endpoints and deleted ones have none.
    public func dnsEntries(of service: VpcEndpointService) -> [DnsEntry] {
        guard endpointType == .interface, isLive else { return [] }
        let prefix = service.wildcardDnsNames ? "*." : ""
        let stem = "\(prefix)\(id)-\(dnsSuffix)"
        var entries = [DnsEntry(dnsName: "\(stem).\(service.baseEndpointDnsName)", hostedZoneId: service.vpceHostedZoneId)]
        for member in subnetInterfaces {
            entries.append(
                DnsEntry(dnsName: "\(stem)-\(member.availabilityZone).\(service.baseEndpointDnsName)", hostedZoneId: service.vpceHostedZoneId))
        }
        if privateDnsEnabled, let name = service.privateDnsName {
            entries.append(DnsEntry(dnsName: name, hostedZoneId: privateHostedZoneId))
        }
        return entries
    }

    /// The service the endpoint reaches, from the catalog of its region.
    public var service: VpcEndpointService? {
        VpcEndpointServiceCatalog.service(named: serviceName, type: endpointType, in: scope.region)
    }
}
