import Addressing
import CloudModel
import Testing

/// The Amazon DNS server's naming rules, on a directory made by hand: private, resource and public names, reverse
/// lookups, the VPC DNS attributes, the peering option on either side, regions, and what is refused.
struct AmazonDnsTests {
    /// A and B peered (the accepter B allows resolution from the requester A); C with DNS support off; D with DNS
    /// hostnames off; E in eu-west-1, not peered.
    static func directory(bHostnames: Bool = true, requesterAllows: Bool = false, accepterAllows: Bool = true) -> DnsDirectory {
        var resourceNames = PrivateDnsNameOptions()
        resourceNames.hostnameType = .resourceName
        resourceNames.enableResourceNameDnsARecord = true
        resourceNames.enableResourceNameDnsAAAARecord = true
        func interface(_ vpc: String, _ instance: String, _ address: String, _ publicIp: String, region: String = "us-east-1", ipv6: String? = nil)
            -> DnsDirectory.InterfaceRecord
        {
            DnsDirectory.InterfaceRecord(
                networkInterfaceId: "eni-\(instance.dropFirst(2))", primaryOfInstanceId: instance, subnetId: "subnet-\(vpc.dropFirst(4))", vpcId: vpc,
                region: region, privateIpAddresses: [IPv4Address(address)!], ipv6Addresses: ipv6.map { [IPv6Address($0)!] } ?? [],
                publicIpAddresses: [IPv4Address(publicIp)!: IPv4Address(address)!],
                nameOptions: vpc == "vpc-a" ? resourceNames : PrivateDnsNameOptions())
        }
        return DnsDirectory(
            vpcs: [
                .init(id: "vpc-a", region: "us-east-1", enableDnsSupport: true, enableDnsHostnames: true),
                .init(id: "vpc-b", region: "us-east-1", enableDnsSupport: true, enableDnsHostnames: bHostnames),
                .init(id: "vpc-c", region: "us-east-1", enableDnsSupport: false, enableDnsHostnames: false),
                .init(id: "vpc-d", region: "us-east-1", enableDnsSupport: true, enableDnsHostnames: false),
                .init(id: "vpc-e", region: "eu-west-1", enableDnsSupport: true, enableDnsHostnames: true),
            ],
            interfaces: [
                interface("vpc-a", "i-0aaa", "10.0.1.5", "198.18.0.5", ipv6: "2001:db8::5"),
                interface("vpc-b", "i-0bbb", "10.1.0.7", "198.18.0.7"),
                interface("vpc-c", "i-0ccc", "10.2.0.8", "198.18.0.8"),
                interface("vpc-d", "i-0ddd", "10.3.0.9", "198.18.0.9"),
                interface("vpc-e", "i-0eee", "10.4.0.4", "198.18.0.4", region: "eu-west-1"),
            ],
            peerings: [
                .init(
                    id: "pcx-ab", requesterVpcId: "vpc-a", accepterVpcId: "vpc-b", requesterAllowsDnsResolution: requesterAllows,
                    accepterAllowsDnsResolution: accepterAllows)
            ])
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let type: AmazonDns.RecordType
        let asker: AmazonDns.Asker
        let outcome: DnsResolution.Outcome
        let records: [String]
        let reason: DnsReason?
        var testDescription: String { "\(name) \(type) from \(asker)" }

        init(
            _ name: String, _ outcome: DnsResolution.Outcome, _ records: [String] = [], _ reason: DnsReason? = nil,
            type: AmazonDns.RecordType = .a, from asker: AmazonDns.Asker = .vpc("vpc-a")
        ) {
            self.name = name
            self.type = type
            self.asker = asker
            self.outcome = outcome
            self.records = records
            self.reason = reason
        }
    }

    @Test(arguments: [
        // Private (IP-based) names: inside their VPC, any case, with or without the root's dot; A records only.
        Case("ip-10-0-1-5.ec2.internal", .answered, ["10.0.1.5"]),
        Case("IP-10-0-1-5.EC2.Internal.", .answered, ["10.0.1.5"]),
        Case("ip-10-0-1-5.ec2.internal", .answered, [], type: .aaaa),
        Case("ip-10-1-0-7.ec2.internal", .noSuchName, [], .privateNameOfOtherVpc(vpcId: "vpc-b")),
        Case("ip-10-0-1-99.ec2.internal", .noSuchName, [], .noSuchAddress(IPv4Address("10.0.1.99")!)),
        Case("ip-10-0-1-5.us-east-1.compute.internal", .noSuchName, [], .notServed),
        Case("ip-10-0-1-5x.ec2.internal", .noSuchName, [], .notServed),
        Case("ip-10-4-0-4.eu-west-1.compute.internal", .answered, ["10.4.0.4"], from: .vpc("vpc-e")),
        Case("ip-10-4-0-4.ec2.internal", .noSuchName, [], .notServed, from: .vpc("vpc-e")),
        // Resource names, as the subnet's options say.
        Case("i-0aaa.ec2.internal", .answered, ["10.0.1.5"]),
        Case("i-0aaa.ec2.internal", .answered, ["2001:db8::5"], type: .aaaa),
        Case("i-0bbb.ec2.internal", .noSuchName, [], .resourceNameRecordOff(subnetId: "subnet-b", ipv6: false), from: .vpc("vpc-b")),
        // Public names: private inside their VPC; across the peering by the owner's side's option; else public.
        Case("ec2-198-18-0-5.compute-1.amazonaws.com", .answered, ["10.0.1.5"], .sameVpc(vpcId: "vpc-a")),
        Case(
            "ec2-198-18-0-7.compute-1.amazonaws.com", .answered, ["10.1.0.7"],
            .peeringAllowsDnsResolution(peeringId: "pcx-ab", side: .accepter, ownerVpcId: "vpc-b")),
        Case(
            "ec2-198-18-0-5.compute-1.amazonaws.com", .answered, ["198.18.0.5"],
            .peeringOptionOff(peeringId: "pcx-ab", side: .requester, ownerVpcId: "vpc-a"), from: .vpc("vpc-b")),
        Case("ec2-198-18-0-9.compute-1.amazonaws.com", .noSuchName, [], .dnsHostnamesOff(vpcId: "vpc-d")),
        Case("ec2-198-18-0-4.eu-west-1.compute.amazonaws.com", .answered, ["198.18.0.4"], .notPeered(ownerVpcId: "vpc-e")),
        Case("ec2-198-18-0-4.compute-1.amazonaws.com", .noSuchName, [], .noSuchAddress(IPv4Address("198.18.0.4")!)),
        Case("ec2-198-18-0-5.compute-1.amazonaws.com", .answered, [], type: .aaaa),
        // Reverse lookups.
        Case("5.1.0.10.in-addr.arpa", .answered, ["ip-10-0-1-5.ec2.internal"], type: .ptr),
        Case("5.0.18.198.in-addr.arpa", .answered, ["ec2-198-18-0-5.compute-1.amazonaws.com"], type: .ptr),
        Case("99.1.0.10.in-addr.arpa", .noSuchName, [], .noSuchAddress(IPv4Address("10.0.1.99")!), type: .ptr),
        Case("8.8.8.8.in-addr.arpa", .refused, [], .notServed, type: .ptr),
        // Everything else is refused, never forwarded; a resolver switched off says nothing.
        Case("example.com", .refused, [], .notServed),
        Case("s3.amazonaws.com", .refused, [], .notServed),
        Case("ip-10-2-0-8.ec2.internal", .noResponse, [], .dnsSupportOff(vpcId: "vpc-c"), from: .vpc("vpc-c")),
        Case("example.com", .noResponse, [], .dnsSupportOff(vpcId: "vpc-c"), from: .vpc("vpc-c")),
        // The internet: public names give public addresses, and nothing else is answered.
        Case("ec2-198-18-0-5.compute-1.amazonaws.com", .answered, ["198.18.0.5"], .fromInternet, from: .internet),
        Case("ec2-198-18-0-9.compute-1.amazonaws.com", .noSuchName, [], .dnsHostnamesOff(vpcId: "vpc-d"), from: .internet),
        Case("5.0.18.198.in-addr.arpa", .answered, ["ec2-198-18-0-5.compute-1.amazonaws.com"], type: .ptr, from: .internet),
        Case("ip-10-0-1-5.ec2.internal", .refused, [], .notServed, from: .internet),
        Case("5.1.0.10.in-addr.arpa", .refused, [], .notServed, type: .ptr, from: .internet),
    ])
    func namesResolveByAwsRules(_ test: Case) {
        let resolution = AmazonDns.resolve(test.name, test.type, from: test.asker, in: Self.directory())
        #expect(resolution.outcome == test.outcome)
        let records = resolution.records.map { record in
            switch record {
            case .address(let address): "\(address)"
            case .name(let name): name
            }
        }
        #expect(records == test.records)
        if let reason = test.reason { #expect(resolution.reasons.contains(reason), "\(resolution.reasons)") }
    }

    /// Each side's option opens only its own VPC's names to the other side.
    @Test(arguments: [
        (false, false, "198.18.0.7", "198.18.0.5"), (true, false, "198.18.0.7", "10.0.1.5"), (false, true, "10.1.0.7", "198.18.0.5"),
        (true, true, "10.1.0.7", "10.0.1.5"),
    ])
    func thePeeringOptionOnEachSide(requester: Bool, accepter: Bool, bFromA: String, aFromB: String) {
        let directory = Self.directory(requesterAllows: requester, accepterAllows: accepter)
        #expect(
            AmazonDns.resolve("ec2-198-18-0-7.compute-1.amazonaws.com", .a, from: .vpc("vpc-a"), in: directory).addresses.map { "\($0)" } == [bFromA])
        #expect(
            AmazonDns.resolve("ec2-198-18-0-5.compute-1.amazonaws.com", .a, from: .vpc("vpc-b"), in: directory).addresses.map { "\($0)" } == [aFromB])
    }

    @Test func resolutionAcrossAPeeringNeedsDnsHostnamesOnBothVpcs() {
        // B's hostnames off: B has no public names at all; A's names, allowed by A's side, still need B's hostnames.
        let directory = Self.directory(bHostnames: false, requesterAllows: true, accepterAllows: true)
        #expect(AmazonDns.resolve("ec2-198-18-0-7.compute-1.amazonaws.com", .a, from: .vpc("vpc-a"), in: directory).outcome == .noSuchName)
        let fromB = AmazonDns.resolve("ec2-198-18-0-5.compute-1.amazonaws.com", .a, from: .vpc("vpc-b"), in: directory)
        #expect(fromB.addresses.map { "\($0)" } == ["198.18.0.5"])
        #expect(fromB.reasons == [.peeringNeedsDnsAttributes(peeringId: "pcx-ab", vpcId: "vpc-b")])
    }

    @Test(arguments: [
        ("us-east-1", "ip-10-0-1-5.ec2.internal", "i-0abc.ec2.internal", "ec2-198-18-0-5.compute-1.amazonaws.com"),
        (
            "eu-west-1", "ip-10-0-1-5.eu-west-1.compute.internal", "i-0abc.eu-west-1.compute.internal",
            "ec2-198-18-0-5.eu-west-1.compute.amazonaws.com"
        ),
    ])
    func namesPerRegion(region: String, privateName: String, resourceName: String, publicName: String) {
        #expect(CloudState.privateDnsName(IPv4Address("10.0.1.5")!, region: region) == privateName)
        #expect(CloudState.resourceDnsName("i-0abc", region: region) == resourceName)
        #expect(CloudState.publicDnsName(IPv4Address("198.18.0.5")!, region: region) == publicName)
    }
}
