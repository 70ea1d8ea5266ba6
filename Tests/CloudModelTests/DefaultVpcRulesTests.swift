import Addressing
import CloudModel
import TestSupport
import Testing

struct DefaultVpcRulesTests {
    @Test func createDefaultVpcIsRefusedWhileOneExists() throws {
        var cloud = TestCloud()
        #expect(cloud.error { try $0.createDefaultVpc() } == .defaultVpcAlreadyExists)
        #expect(cloud.state[TestCloud.scope].vpcs.count == 1)
    }

    @Test func aDeletedDefaultVpcStaysDeletedUntilCreatedAgainAsOnFirstUse() throws {
        var cloud = TestCloud()
        let old = try cloud.deleteDefaultVpc()
        try cloud.run { _ in }  // the next request must not remake it
        #expect(cloud.state[TestCloud.scope].vpcs.isEmpty)
        let vpc = try cloud.run { try $0.createDefaultVpc() }
        let state = cloud.state[TestCloud.scope]
        #expect(vpc.id != old && vpc.isDefault && vpc.cidrBlock.description == "172.31.0.0/16" && vpc.enableDnsHostnames)
        let zones = RegionCatalog.region(named: TestCloud.scope.region)!.zones
        #expect(Set(state.subnets.values.map(\.availabilityZone)) == Set(zones.map(\.name)))
        #expect(state.subnets.values.allSatisfy { $0.defaultForAz && $0.mapPublicIpOnLaunch && $0.cidrBlock?.prefixLength == 20 })
        #expect(state.internetGateways.values.map(\.attachedVpcId) == [vpc.id])
        #expect(state.networkAcls.values.first { $0.isDefault }?.associations.count == zones.count)
    }

    @Test func defaultSubnetRefusals() throws {
        var cloud = TestCloud()
        try cloud.run { _ in }
        let existing = cloud.state[TestCloud.scope].subnets.values.first { $0.availabilityZone == "us-east-1a" }!
        #expect(cloud.error { try $0.createDefaultSubnet(zone: "us-east-1a") } == .defaultSubnetAlreadyExists(existing.id, zone: "us-east-1a"))
        #expect(cloud.error { try $0.createDefaultSubnet(zone: "use1-az1") }?.code == "DefaultSubnetAlreadyExistsInAvailabilityZone")
        #expect(cloud.error { try $0.createDefaultSubnet(zone: "eu-west-1a") }?.code == "InvalidParameterValue")
        try cloud.deleteDefaultVpc()
        #expect(cloud.error { try $0.createDefaultSubnet(zone: "us-east-1a") } == .defaultVpcDoesNotExist)
    }

    /// Which /20 a new default subnet takes, given the blocks still used in the default VPC.
    @Test(arguments: [
        (["172.31.16.0/20", "172.31.32.0/20"], "172.31.0.0/20"),
        (["172.31.0.0/24", "172.31.32.0/20"], "172.31.16.0/20"),
        (["172.31.0.0/20", "172.31.16.0/20", "172.31.32.0/20"], "172.31.48.0/20"),
    ])
    func defaultSubnetTakesTheFirstFreeBlock(used: [String], expected: String) throws {
        var cloud = TestCloud()
        let vpcId = try cloud.run { $0.defaultVpc!.id }
        for subnet in cloud.state[TestCloud.scope].subnets.values { try cloud.run { try $0.deleteSubnet(subnet.id) } }
        for block in used { try cloud.run { try $0.createSubnet(vpcId: vpcId, cidrBlock: block, availabilityZone: "us-east-1b") } }
        let subnet = try cloud.run { try $0.createDefaultSubnet(zone: "use1-az1") }
        #expect(subnet.cidrBlock?.description == expected)
        #expect(subnet.availabilityZone == "us-east-1a" && subnet.defaultForAz && subnet.mapPublicIpOnLaunch)
        #expect(cloud.state[TestCloud.scope].networkAcls.values.contains { $0.associations.contains { $0.subnetId == subnet.id } })
    }
}
