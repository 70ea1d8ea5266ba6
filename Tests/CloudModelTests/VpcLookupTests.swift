import CloudModel
import TestSupport
import Testing

/// `Transaction.all(_:inVpc:)` walks the region's VPC index or the type's table, whichever is shorter: both walks find
/// exactly the VPC's resources of that type, with what the transaction wrote laid over them.
struct VpcLookupTests {
    @Test func bothWalksFindTheVpcsResourcesAndWhatTheTransactionWrote() throws {
        var f = try InstanceRulesTests.Fixture()
        let vpcId = f.vpc.id
        let other = try f.cloud.run { try $0.createVpc(cidrBlock: "10.9.0.0/16") }.id
        let otherSubnet = try f.cloud.run { try $0.createSubnet(vpcId: other, cidrBlock: "10.9.0.0/20") }.id
        for name in ["a", "b"] { _ = try f.cloud.run { try $0.createSecurityGroup(name: name, description: name, vpcId: vpcId) } }
        _ = try f.cloud.run { try $0.createSecurityGroup(name: "elsewhere", description: "x", vpcId: other) }
        // Terminated instances stay in the VPC's index: it now outgrows the group table (the table's walk), while the
        // instance table, with the other VPC's instances, outgrows the VPC's index (the index's walk).
        let ids = try f.launch(10).map(\.id)
        _ = try f.cloud.run { try $0.terminateInstances(ids) }
        _ = try f.cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", minCount: 30, maxCount: 30, subnetId: otherSubnet)) }
        let region = f.cloud.state[TestCloud.scope]
        let indexed = region.idsByVpc[vpcId] ?? []
        #expect(region.securityGroups.count < indexed.count)
        #expect(region.instances.count > indexed.count)

        try f.cloud.run { transaction in
            let made = try transaction.createSecurityGroup(name: "made-here", description: "x", vpcId: vpcId)
            let groups = Set(transaction.all(SecurityGroup.self, inVpc: vpcId).map(\.id))
            let expected = Set(region.securityGroups.values.filter { $0.vpcId == vpcId }.map(\.id)).union([made.id])
            #expect(groups == expected)
            #expect(groups.count == 4, "the default group, a, b and the one made here")
            let instances = transaction.all(Instance.self, inVpc: vpcId)
            #expect(Set(instances.map(\.id)) == Set(ids))
            #expect(instances.count == ids.count, "each once")
        }
    }
}
