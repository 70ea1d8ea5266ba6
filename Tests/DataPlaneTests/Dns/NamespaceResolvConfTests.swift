import Addressing
import CloudModel
import Foundation
import Testing

@testable import DataPlane

/// An instance's resolv.conf follows its VPC's DHCP options set, as AWS's DHCP server hands it out.
struct NamespaceResolvConfTests {
    static let scope = AccountRegion(account: "000000000000", region: "eu-west-1")
    static let vpc = Vpc(
        id: "vpc-a", scope: scope,
        cidrBlockAssociations: [VpcCidrBlockAssociation(associationId: "vpc-cidr-assoc-a", cidrBlock: IPv4CIDR("10.7.0.0/16")!)],
        dhcpOptionsId: "dopt-a", createdAt: Date(timeIntervalSince1970: 0))

    static func options(_ configurations: [DhcpConfiguration]) -> DhcpOptions {
        DhcpOptions(id: "dopt-a", scope: scope, configurations: configurations, createdAt: Date(timeIntervalSince1970: 0))
    }

    @Test(arguments: [
        (
            DhcpOptions.regionDefaultConfigurations(region: "eu-west-1"),
            "search eu-west-1.compute.internal\nnameserver 10.7.0.2\n"
        ),
        (
            DhcpOptions.regionDefaultConfigurations(region: "us-east-1"),
            "search ec2.internal\nnameserver 10.7.0.2\n"
        ),
        (
            [
                DhcpConfiguration(key: .domainName, values: ["corp.example internal.example"]),
                DhcpConfiguration(key: .domainNameServers, values: ["10.9.0.53", "AmazonProvidedDNS"]),
            ],
            "search corp.example internal.example\nnameserver 10.9.0.53\nnameserver 10.7.0.2\n"
        ),
    ])
    func followsTheDhcpOptions(_ configurations: [DhcpConfiguration], _ expected: String) {
        let text = NamespaceResolvConf(vpc: Self.vpc, options: Self.options(configurations)).text
        #expect(text.split(separator: "\n", maxSplits: 1).dropFirst().first.map(String.init) == expected, "\(text)")
    }

    @Test func noOptionsSetMeansNoNameServer() {
        let conf = NamespaceResolvConf(vpc: Self.vpc, options: nil)
        #expect(conf.nameservers.isEmpty && conf.search.isEmpty)
        #expect(!conf.text.contains("nameserver"))
    }
}
