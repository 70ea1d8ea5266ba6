import Addressing
import CloudModel
import Foundation
import TestSupport
import Testing

/// The legacy filter names AWS accepts without documenting them, read as the documented names they mean.
struct FilterAliasTests {
    /// Every alias of every aliased resource type, with the documented name it must mean.
    static let aliases: [(type: String, alias: String, canonical: String)] = [
        ("vpc", "cidr-block", "cidr"), ("vpc", "cidrBlock", "cidr"), ("vpc", "isDefault", "is-default"), ("vpc", "vpcId", "vpc-id"),
        ("vpc", "dhcpOptionsId", "dhcp-options-id"),
        ("subnet", "availabilityZone", "availability-zone"), ("subnet", "availabilityZoneId", "availability-zone-id"),
        ("subnet", "cidr", "cidr-block"), ("subnet", "cidrBlock", "cidr-block"), ("subnet", "defaultForAz", "default-for-az"),
        ("subnet", "vpcId", "vpc-id"),
    ]

    static func canonical(_ type: String, _ name: String) -> String {
        type == "vpc" ? Vpc.canonicalFilterName(name) : Subnet.canonicalFilterName(name)
    }

    @Test(arguments: aliases)
    func aliasMeansItsDocumentedName(type: String, alias: String, canonical: String) {
        #expect(Self.canonical(type, alias) == canonical)
        #expect(type == "vpc" ? Vpc.accepts(filter: alias) : Subnet.accepts(filter: alias))
    }

    /// The tables hold exactly the aliases above, each onto a documented name, none shadowing one.
    @Test func tablesAreWhatAWSAccepts() {
        #expect(Vpc.filterAliases.count + Subnet.filterAliases.count == Self.aliases.count)
        for (alias, canonical) in Vpc.filterAliases {
            #expect(Vpc.filterNames.contains(canonical) && !Vpc.filterNames.contains(alias), "\(alias)")
        }
        for (alias, canonical) in Subnet.filterAliases {
            #expect(Subnet.filterNames.contains(canonical) && !Subnet.filterNames.contains(alias), "\(alias)")
        }
        #expect(Instance.filterAliases.isEmpty && NetworkInterface.filterAliases.isEmpty)
    }

    @Test(arguments: ["cidr-block", "cidrBlock", "CIDR", "is_default", "vpc_id", "subnetId"])
    func documentedNamesAndAliasesOnlyForVpcs(name: String) {
        #expect(Vpc.accepts(filter: name) == (Vpc.filterAliases[name] != nil), "\(name)")
    }

    /// An alias selects what its documented name selects, through the CIDR and VPC indexes and by a scan.
    @Test(arguments: [
        ("cidr-block", "10.1.0.0/16"), ("cidrBlock", "10.1.0.0/16"), ("cidr-block", "10.1.*"), ("isDefault", "false"),
        ("vpcId", "VPC"), ("dhcpOptionsId", "*"),
    ])
    func aliasSelectsWhatTheDocumentedNameSelects(alias: String, value: String) throws {
        var cloud = TestCloud()
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.1.0.0/16") }
        try cloud.run { _ = try $0.createVpc(cidrBlock: "10.2.0.0/16") }
        let resolved = value == "VPC" ? vpc.id : value
        func ids(_ name: String) throws -> Set<String> {
            let query = DescribeQuery(filters: [Filter(name: name, values: [resolved])])
            return Set(try cloud.state.describe(Vpc.self, in: TestCloud.scope, query: query, at: cloud.now).items.map(\.id))
        }
        let canonical = try ids(Vpc.canonicalFilterName(alias))
        #expect(try ids(alias) == canonical)
        #expect(!canonical.isEmpty)
        #expect(
            cloud.state[TestCloud.scope].candidateIds(Vpc.self, narrowedBy: [Filter(name: alias, values: [resolved])])
                == cloud.state[TestCloud.scope].candidateIds(Vpc.self, narrowedBy: [Filter(name: Vpc.canonicalFilterName(alias), values: [resolved])])
        )
    }

    @Test func unknownNamesStayRefused() throws {
        let cloud = TestCloud()
        for name in ["cidr_block", "Cidr-Block", "availabilityZone", "x"] {
            #expect(throws: EC2Error.invalidFilter(name)) {
                try cloud.state.describe(
                    Vpc.self, in: TestCloud.scope, query: DescribeQuery(filters: [Filter(name: name, values: ["v"])]), at: cloud.now)
            }
        }
    }
}
