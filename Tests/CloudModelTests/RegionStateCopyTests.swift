import CloudModel
import TestSupport
import Testing

/// A region's tables share storage between copies (`PersistentDictionary`, one box per region): a copy must still be a
/// value, untouched by changes to the state it was taken from, and equal to it exactly when their resources are.
struct RegionStateCopyTests {
    @Test func aSnapshotKeepsWhatItSawWhileTheStateChangesOn() throws {
        var cloud = TestCloud()
        let vpcs = try (0..<100).map { i in try cloud.run { try $0.createVpc(cidrBlock: "10.\(i).0.0/16") } }
        let snapshot = cloud.state
        let region = cloud.state[TestCloud.scope]
        try cloud.run { try $0.createTags(resourceIds: [vpcs[7].id], tags: [CloudModel.Tag(key: "Name", value: "seven")]) }
        let subnet = try cloud.run { try $0.createSubnet(vpcId: vpcs[8].id, cidrBlock: "10.8.1.0/24") }

        #expect(snapshot[TestCloud.scope].vpcs[vpcs[7].id]?.tags.isEmpty == true)
        #expect(region.vpcs[vpcs[7].id]?.tags.isEmpty == true)
        #expect(region.idsByTag[CloudModel.Tag(key: "Name", value: "seven")] == nil)
        #expect(region.subnets[subnet.id] == nil && region.idsByVpc[vpcs[8].id]?.contains(subnet.id) != true)
        #expect(cloud.state[TestCloud.scope].vpcs[vpcs[7].id]?.tags == ["Name": "seven"])
        #expect(cloud.state[TestCloud.scope].idsByTag[CloudModel.Tag(key: "Name", value: "seven")] == [vpcs[7].id])
        #expect(snapshot != cloud.state)
        #expect(region != cloud.state[TestCloud.scope])
    }

    @Test func regionsAreEqualWhenTheirResourcesAreHoweverTheyWereReached() throws {
        var first = TestCloud()
        let vpc = try first.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        var second = first
        try first.run { try $0.createTags(resourceIds: [vpc.id], tags: [CloudModel.Tag(key: "a", value: "1")]) }
        #expect(first.state[TestCloud.scope] != second.state[TestCloud.scope])
        // The same change on the other copy: equal again, though no box is shared.
        try second.run { try $0.createTags(resourceIds: [vpc.id], tags: [CloudModel.Tag(key: "a", value: "1")]) }
        #expect(first.state[TestCloud.scope] == second.state[TestCloud.scope])
    }

    @Test func aPersistentDictionaryCopyIsAValue() {
        var original: PersistentDictionary<String, Int> = [:]
        for i in 0..<1000 { original["k\(i)"] = i }
        var copy = original
        copy["k5"] = -5
        copy.removeValue(forKey: "k6")
        copy["new"] = 1
        #expect(original["k5"] == 5 && original["k6"] == 6 && original["new"] == nil && original.count == 1000)
        #expect(copy["k5"] == -5 && copy["k6"] == nil && copy["new"] == 1 && copy.count == 1000)
        #expect(original != copy)
        #expect(Set(original.filter { $0.value < 10 }.keys) == Set((0..<10).map { "k\($0)" }))
    }

    @Test func aPersistentSetCopyIsAValue() {
        var original = PersistentSet((0..<1000).map { "i-\($0)" })
        var copy = original
        copy.insert("i-new")
        copy.remove("i-5")
        #expect(original.contains("i-5") && !original.contains("i-new") && original.count == 1000)
        #expect(!copy.contains("i-5") && copy.contains("i-new") && copy.count == 1000)
        #expect(original != copy)
        copy.insert("i-5")
        copy.remove("i-new")
        #expect(original == copy)
        original.formUnion(["a", "b"])
        #expect(original.count == 1002 && Set(original).isSuperset(of: copy))
    }
}
