import Addressing
import CloudModel
import TestSupport
import Testing

struct RegionActivationTests {
    @Test(arguments: ["us-east-1", "eu-west-1", "us-west-1", "ap-northeast-1"])
    func everyRegionStartsWithAWSsDefaultVpc(region: String) throws {
        var cloud = TestCloud()
        let scope = AccountRegion(account: "222222222222", region: region)
        try cloud.run(in: scope) { _ in }
        let state = cloud.state[scope]
        let vpc = try #require(state.vpcs.values.first)
        #expect(state.vpcs.count == 1 && vpc.isDefault && vpc.cidrBlock.description == "172.31.0.0/16")
        let zones = RegionCatalog.region(named: region)!.zones
        let subnets = state.subnets.values.sorted { $0.cidrBlock!.address < $1.cidrBlock!.address }
        #expect(subnets.map(\.availabilityZone) == zones.map(\.name))
        #expect(subnets.map { $0.cidrBlock!.description }.prefix(3) == ["172.31.0.0/20", "172.31.16.0/20", "172.31.32.0/20"].prefix(zones.count))
        #expect(subnets.allSatisfy { $0.defaultForAz && $0.mapPublicIpOnLaunch })
        let gateway = try #require(state.internetGateways.values.first)
        #expect(gateway.attachedVpcId == vpc.id)
        let main = try #require(state.routeTables.values.first { $0.isMain })
        #expect(main.routes.map(\.target) == [.local, .internetGateway(gateway.id)])
        #expect(state.securityGroups.values.map(\.groupName) == ["default"])
        #expect(state.networkAcls.values.first?.associations.count == zones.count)
    }

    @Test func accountsAndRegionsAreSeparate() throws {
        var cloud = TestCloud()
        let a = AccountRegion(account: "111111111111", region: "us-east-1")
        let b = AccountRegion(account: "222222222222", region: "us-east-1")
        let vpc = try cloud.run(in: a) { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        #expect(cloud.error(in: b) { try $0.deleteVpc(vpc.id) }?.code == "InvalidVpcID.NotFound")
        #expect(cloud.state[b].vpcs.count == 1, "b has only its own default VPC")
    }

    @Test func aFailedCommandChangesNothingAndASuccessfulOneListsEveryResourceItTouched() throws {
        var cloud = TestCloud()
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        let changes = try cloud.changes { try $0.createSubnet(vpcId: vpc.id, cidrBlock: "10.0.1.0/24") }
        // The subnet itself, and the default ACL that gains its association.
        #expect(changes.count == 2)
        let before = cloud.state.resourceCount
        #expect(cloud.error { try $0.createSubnet(vpcId: vpc.id, cidrBlock: "10.9.1.0/24") } != nil)
        #expect(cloud.state.resourceCount == before)
    }
}
