import Addressing
import CloudModel
import Foundation
import TestSupport
import Testing

/// Managed prefix lists in the model: versions, the rules of a change, AWS's lists, and references.
struct PrefixListRulesTests {
    static func create(_ cloud: inout TestCloud, maxEntries: Int = 5, entries: [String] = ["10.0.0.0/16", "10.1.0.0/16"]) throws
        -> ManagedPrefixList
    {
        let given = entries.map { (cidr: $0, description: String?.none) }
        return try cloud.run { try $0.createManagedPrefixList(.init(name: "list", addressFamily: "IPv4", maxEntries: maxEntries, entries: given)) }
    }

    static func current(_ cloud: TestCloud, _ id: String) -> ManagedPrefixList {
        cloud.state[TestCloud.scope].managedPrefixLists[id]!
    }

    @Test func everyChangeOfEntriesIsAVersionAndANameIsNot() throws {
        var cloud = TestCloud()
        let list = try Self.create(&cloud)
        _ = try cloud.run { try $0.modifyManagedPrefixList(list.id, .init(currentVersion: 1, addEntries: [("10.2.0.0/16", "new")])) }
        _ = try cloud.run { try $0.modifyManagedPrefixList(list.id, .init(name: "renamed")) }
        let after = Self.current(cloud, list.id)
        #expect(after.version == 2 && after.name == "renamed" && after.state == .modifyComplete)
        #expect(after.entries(ofVersion: 1)?.map(\.cidr.description) == ["10.0.0.0/16", "10.1.0.0/16"])
        #expect(after.entries.last == PrefixListEntry(cidr: IPCIDR("10.2.0.0/16")!, description: "new"))
    }

    @Test func theOldestVersionGoesPastAThousand() throws {
        var cloud = TestCloud()
        let list = try Self.create(&cloud, entries: [])
        // 500 additions and 500 removals: versions 2 to 1001.
        for index in 0..<500 {
            let cidr = "10.\(index / 256).\(index % 256).0/24"
            _ = try cloud.run { try $0.modifyManagedPrefixList(list.id, .init(addEntries: [(cidr, nil)])) }
            _ = try cloud.run { try $0.modifyManagedPrefixList(list.id, .init(removeEntries: [cidr])) }
        }
        let after = Self.current(cloud, list.id)
        #expect(after.version == 1001)
        #expect(after.versions.count == ManagedPrefixList.versionsKept)
        #expect(after.entries(ofVersion: 1) == nil && after.entries(ofVersion: 2) != nil)
    }

    @Test(
        arguments: [
            (Transaction.ManagedPrefixListChange(currentVersion: 2, addEntries: [("10.9.0.0/16", nil)]), "PrefixListVersionMismatch"),
            (.init(addEntries: [("10.0.0.0/16", nil)]), "InvalidRequest"),
            (.init(removeEntries: ["10.9.0.0/16"]), "InvalidPrefixListModification"),
            (.init(addEntries: [("10.9.0.0/16", nil)], removeEntries: ["10.9.0.0/16"]), "InvalidParameterValue"),
            (
                .init(addEntries: [("10.7.0.0/16", nil), ("10.8.0.0/16", nil), ("10.9.0.0/16", nil), ("10.10.0.0/16", nil)]),
                "PrefixListMaxEntriesExceeded"
            ),
            (.init(addEntries: [("2001:db8::/32", nil)]), "InvalidParameterValue"),
            (.init(addEntries: [("10.9.0.0/16", nil)], maxEntries: 9), "InvalidParameterCombination"),
            (.init(maxEntries: 1), "InvalidParameterValue"),
            (.init(maxEntries: 1001), "InvalidParameterValue"),
        ] as [(Transaction.ManagedPrefixListChange, String)])
    func aRefusedChangeChangesNothing(change: Transaction.ManagedPrefixListChange, code: String) throws {
        var cloud = TestCloud()
        let list = try Self.create(&cloud)
        let before = cloud.state
        #expect(cloud.error { try $0.modifyManagedPrefixList(list.id, change) }?.code == code)
        #expect(cloud.state == before)
    }

    @Test func restoreMakesAnEarlierVersionCurrentAgainAsANewOne() throws {
        var cloud = TestCloud()
        let list = try Self.create(&cloud)
        _ = try cloud.run { try $0.modifyManagedPrefixList(list.id, .init(removeEntries: ["10.1.0.0/16"])) }
        _ = try cloud.run { try $0.restoreManagedPrefixListVersion(list.id, previousVersion: 1, currentVersion: 2) }
        let after = Self.current(cloud, list.id)
        #expect(after.version == 3 && after.state == .restoreComplete)
        #expect(after.entries == after.entries(ofVersion: 1))
        #expect(
            cloud.error { try $0.restoreManagedPrefixListVersion(list.id, previousVersion: 1, currentVersion: 2) }?.code
                == "PrefixListVersionMismatch")
    }

    @Test func awsListsAreFoundByServiceAndNeverChange() throws {
        let s3 = try #require(AWSManagedPrefixList.forService("s3", in: "us-east-1"))
        #expect(s3.id == "pl-63a5400a" && s3.name == "com.amazonaws.us-east-1.s3")
        #expect(AWSManagedPrefixList.forService("com.amazonaws.us-east-1.dynamodb", in: "us-east-1")?.id == "pl-02cd2c6b")
        #expect(AWSManagedPrefixList.forService("sqs", in: "us-east-1") == nil)
        #expect(AWSManagedPrefixList.withId("pl-68a54001", in: "us-west-2")?.service == "s3")
        // Every region has both lists, with well-formed and distinct ids.
        for region in RegionCatalog.regions.map(\.name) {
            let lists = AWSManagedPrefixList.all(in: region)
            #expect(lists.map(\.service) == ["s3", "dynamodb"])
            #expect(Set(lists.map(\.id)).count == 2)
            #expect(lists.allSatisfy { ResourceId.isWellFormed($0.id, prefix: .prefixList) })
        }
        // A region the catalog lacks gets the same id every time.
        #expect(AWSManagedPrefixList.forService("s3", in: "xx-test-1")?.id == AWSManagedPrefixList.forService("s3", in: "xx-test-1")?.id)
        var cloud = TestCloud()
        _ = try Self.create(&cloud)
        #expect(cloud.error { try $0.modifyManagedPrefixList(s3.id, .init(name: "mine")) }?.code == "UnauthorizedOperation")
        #expect(cloud.error { try $0.deleteManagedPrefixList(s3.id) }?.code == "UnauthorizedOperation")
    }

    @Test func aListNamedByARouteOrARuleCannotBeDeleted() throws {
        var cloud = TestCloud()
        let list = try Self.create(&cloud)
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "172.20.0.0/16") }.id
        let gateway = try cloud.run { try $0.createInternetGateway() }.id
        try cloud.run { try $0.attachInternetGateway(gateway, vpcId: vpc) }
        let table = try cloud.run { try $0.createRouteTable(vpcId: vpc) }.id
        try cloud.run { try $0.createRoute(table, destination: .prefixList(list.id), target: .gateway(gateway)) }
        #expect(cloud.state.prefixListAssociations(list.id, in: TestCloud.scope).map(\.resourceId) == [table])
        #expect(cloud.error { try $0.deleteManagedPrefixList(list.id) }?.code == "DependencyViolation")
        try cloud.run { try $0.deleteRoute(table, destination: .prefixList(list.id)) }
        _ = try cloud.run { try $0.deleteManagedPrefixList(list.id) }
        #expect(cloud.state[TestCloud.scope].managedPrefixLists[list.id] == nil)
    }

    @Test(arguments: ["10.0.0.0/16", "2001:db8::/56", "pl-0123456789abcdef0", "pl-63a5400a"])
    func aRouteDestinationReadsBackAsItWasStored(text: String) throws {
        let data = try JSONEncoder().encode([text])
        let destination = try JSONDecoder().decode([RouteDestination].self, from: data)[0]
        #expect(destination.description == text)
        #expect((destination.prefixListId != nil) == text.hasPrefix("pl-"))
        #expect(try JSONEncoder().encode([destination]) == data)
    }
}
