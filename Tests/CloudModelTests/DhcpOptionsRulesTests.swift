import CloudModel
import Foundation
import TestSupport
import Testing

/// DHCP options sets: each region's default set, the option checks of CreateDhcpOptions, association (and
/// `default`, no options), and the dependency a VPC keeps on its set.
struct DhcpOptionsRulesTests {
    @Test(arguments: [
        ("us-east-1", "ec2.internal"), ("eu-west-1", "eu-west-1.compute.internal"), ("ap-northeast-1", "ap-northeast-1.compute.internal"),
    ])
    func everyRegionHasADefaultSetThatNewVpcsGet(region: String, domain: String) throws {
        var cloud = TestCloud()
        let scope = AccountRegion(account: "222222222222", region: region)
        let vpc = try cloud.run(in: scope) { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        let state = cloud.state[scope]
        let defaultSet = try #require(state.dhcpOptions[vpc.dhcpOptionsId])
        #expect(state.dhcpOptions.count == 1)
        #expect(ResourceId.isWellFormed(defaultSet.id, prefix: .dhcpOptions))
        #expect(
            defaultSet.configurations == [
                DhcpConfiguration(key: .domainName, values: [domain]), DhcpConfiguration(key: .domainNameServers, values: ["AmazonProvidedDNS"]),
            ])
        #expect(state.vpcs.values.allSatisfy { $0.dhcpOptionsId == defaultSet.id }, "the default VPC too")
    }

    @Test func aRegionFirstUsedBeforeSetsWereStoredGetsItsDefaultSetUnderTheSameId() throws {
        var cloud = TestCloud()
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        // What an older LocalVPC stored: the record without the flag, and no set.
        let record = try #require(cloud.state[TestCloud.scope].record.values.first)
        let encoded = try JSONEncoder().encode(Resource.accountRegion(record))
        var object = try #require(JSONSerialization.jsonObject(with: encoded) as? [String: Any])
        var value = try #require(object["value"] as? [String: Any])
        value["storesDefaultDhcpOptions"] = nil
        object["value"] = value
        let old = try JSONDecoder().decode(Resource.self, from: JSONSerialization.data(withJSONObject: object))
        guard case .accountRegion(let oldRecord) = old else { throw CancellationError() }
        #expect(!oldRecord.storesDefaultDhcpOptions)
        cloud.state.apply([.put(old), .delete(id: vpc.dhcpOptionsId, scope: TestCloud.scope)])
        #expect(!cloud.state[TestCloud.scope].isActivated)
        try cloud.run { _ in }
        let state = cloud.state[TestCloud.scope]
        #expect(state.isActivated)
        #expect(state.dhcpOptions[vpc.dhcpOptionsId]?.configurations.first?.values == ["ec2.internal"])
        #expect(state.vpcs.count == 2, "no second default VPC")
    }

    @Test(
        arguments: [
            ([("domain-name", ["corp.example"])], nil),
            ([("domain-name-servers", ["10.0.0.2", "10.0.0.3", "AmazonProvidedDNS", "2001:db8::53"])], nil),
            ([("domain-name-servers", ["1.1.1.1", "1.1.1.2", "1.1.1.3", "1.1.1.4", "1.1.1.5"])], "InvalidParameterValue"),
            ([("domain-name-servers", ["dns.example"])], "InvalidParameterValue"),
            ([("ntp-servers", ["169.254.169.123", "fd00:ec2::123"])], nil),
            ([("ntp-servers", ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"])], "InvalidParameterValue"),
            ([("netbios-name-servers", ["10.0.0.9"])], nil),
            ([("netbios-name-servers", ["2001:db8::9"])], "InvalidParameterValue"),
            ([("netbios-node-type", ["2"])], nil),
            ([("netbios-node-type", ["3"])], "InvalidParameterValue"),
            ([("ipv6-address-preferred-lease-time", ["140"])], nil),
            ([("ipv6-address-preferred-lease-time", ["139"])], "InvalidParameterValue"),
            ([("ipv6-address-preferred-lease-time", ["2147483648"])], "InvalidParameterValue"),
            ([("domain-name", ["a.example", "b.example"])], "InvalidParameterValue"),
            ([("domain-name", [])], "InvalidParameterValue"),
            ([("routers", ["10.0.0.1"])], "InvalidParameterValue"),
            ([("domain-name", ["a.example"]), ("domain-name", ["b.example"])], "InvalidParameterValue"),
            ([], "MissingParameter"),
        ] as [([(String, [String])], String?)])
    func createChecksEachOption(configurations: [(String, [String])], code: String?) throws {
        var cloud = TestCloud()
        let request = configurations.map { (key: $0.0, values: $0.1) }
        #expect(cloud.error { try $0.createDhcpOptions(request) }?.code == code)
    }

    @Test func associatingReplacesTheSetAndDefaultMeansNone() throws {
        var cloud = TestCloud()
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        let options = try cloud.run { try $0.createDhcpOptions([(key: "domain-name", values: ["corp.example"])]) }
        try cloud.run { try $0.associateDhcpOptions(options.id, vpcId: vpc.id) }
        #expect(cloud.state[TestCloud.scope].vpcs[vpc.id]?.dhcpOptionsId == options.id)
        try cloud.run { try $0.associateDhcpOptions("default", vpcId: vpc.id) }
        #expect(cloud.state[TestCloud.scope].vpcs[vpc.id]?.dhcpOptionsId == "default")
        #expect(cloud.error { try $0.associateDhcpOptions("dopt-0123456789abcdef0", vpcId: vpc.id) }?.code == "InvalidDhcpOptionID.NotFound")
        #expect(cloud.error { try $0.associateDhcpOptions("dopt-nope", vpcId: vpc.id) }?.code == "InvalidDhcpOptionsId.Malformed")
        #expect(cloud.error { try $0.associateDhcpOptions(options.id, vpcId: "vpc-0123456789abcdef0") }?.code == "InvalidVpcID.NotFound")
    }

    @Test func aSetInUseCannotBeDeleted() throws {
        var cloud = TestCloud()
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        let options = try cloud.run { try $0.createDhcpOptions([(key: "domain-name", values: ["corp.example"])]) }
        try cloud.run { try $0.associateDhcpOptions(options.id, vpcId: vpc.id) }
        #expect(cloud.error { try $0.deleteDhcpOptions(options.id) }?.code == "DependencyViolation")
        try cloud.run { try $0.associateDhcpOptions("default", vpcId: vpc.id) }
        try cloud.run { try $0.deleteDhcpOptions(options.id) }
        #expect(cloud.error { try $0.deleteDhcpOptions(options.id) }?.code == "InvalidDhcpOptionID.NotFound")
    }

    @Test func withTheDefaultSetDeletedNewVpcsGetNone() throws {
        var cloud = TestCloud()
        let defaultSet = try #require(try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }.dhcpOptionsId as String?)
        for vpc in cloud.state[TestCloud.scope].vpcs.values {
            try cloud.run { try $0.associateDhcpOptions("default", vpcId: vpc.id) }
        }
        try cloud.run { try $0.deleteDhcpOptions(defaultSet) }
        #expect(try cloud.run { try $0.createVpc(cidrBlock: "10.1.0.0/16") }.dhcpOptionsId == "default")
    }

    @Test func tagsAtCreationAndFromCreateTags() throws {
        var cloud = TestCloud()
        let spec = TagSpecification(resourceType: "dhcp-options", tags: [Tag(key: "Name", value: "corp")])
        let options = try cloud.run { try $0.createDhcpOptions([(key: "domain-name", values: ["corp.example"])], tagSpecifications: [spec]) }
        try cloud.run { try $0.createTags(resourceIds: [options.id], tags: [Tag(key: "team", value: "net")]) }
        #expect(cloud.state[TestCloud.scope].dhcpOptions[options.id]?.tags == ["Name": "corp", "team": "net"])
    }
}
