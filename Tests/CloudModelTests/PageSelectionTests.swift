import CloudModel
import Foundation
import TestSupport
import Testing

/// Pages chosen as candidates go by (`PageSelection`, without sorting them all) are the pages a sort of every
/// candidate gives, token for token, also when resources come and go between pages.
struct PageSelectionTests {
    struct Item: Sendable, Equatable {
        let time: Date
        let id: String
    }

    /// The page the way Describe cut it before `PageSelection`: sort everything, drop what the token served, cut.
    static func sortedPage(_ items: [Item], maxResults: Int, after: Item?) -> (items: [Item], last: Item?) {
        var rest = items.sorted { ($0.time, $0.id) < ($1.time, $1.id) }
        if let after { rest.removeAll { ($0.time, $0.id) <= (after.time, after.id) } }
        guard rest.count > maxResults else { return (rest, nil) }
        return (Array(rest.prefix(maxResults)), rest[maxResults - 1])
    }

    @Test(arguments: 1...40 as ClosedRange<UInt64>)
    func pagesAreThoseASortOfEveryCandidateGives(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        // Few distinct times, so that many items tie on time and the id decides.
        func newItem() -> Item {
            Item(
                time: Date(timeIntervalSince1970: Double(Int.random(in: 0..<20, using: &random))),
                id: "r-\(Int.random(in: 0..<100_000, using: &random))")
        }
        var items = (0..<Int.random(in: 0..<400, using: &random)).map { _ in newItem() }
        let maxResults = Int.random(in: 5...60, using: &random)
        let changing = seed % 2 == 0
        var token: String?
        var after: Item?
        var pages = 0
        repeat {
            var selection = try PageSelection<Item>(query: DescribeQuery(maxResults: maxResults, nextToken: token))
            for item in items where selection.admits(time: item.time, id: item.id) { selection.offer(item, time: item.time, id: item.id) }
            let page = selection.page()
            let expected = Self.sortedPage(items, maxResults: maxResults, after: after)
            #expect(page.items == expected.items, "page \(pages) of seed \(seed)")
            #expect((page.nextToken == nil) == (expected.last == nil), "page \(pages) of seed \(seed): whether another page follows")
            token = page.nextToken
            after = expected.last
            pages += 1
            if changing {
                // Between pages: some resources go, others come (before and after the page boundary alike).
                items.removeAll { _ in Int.random(in: 0..<10, using: &random) == 0 }
                items += (0..<Int.random(in: 0..<10, using: &random)).map { _ in newItem() }
            }
        } while token != nil && pages < 200
        #expect(token == nil)
    }

    @Test func withoutMaxResultsEverythingComesInOrder() throws {
        let items = (0..<50).map { Item(time: Date(timeIntervalSince1970: Double(50 - $0 % 7)), id: "r-\($0)") }
        var selection = try PageSelection<Item>(query: DescribeQuery())
        for item in items { selection.offer(item, time: item.time, id: item.id) }
        let page = selection.page()
        #expect(page.items == Self.sortedPage(items, maxResults: .max, after: nil).items)
        #expect(page.nextToken == nil)
    }

    @Test func aBadTokenOrPageSizeIsRefusedBeforeAnyCandidate() {
        #expect(throws: EC2Error.invalidNextToken("garbage")) { try PageSelection<Item>(query: DescribeQuery(nextToken: "garbage")) }
        #expect(throws: EC2Error.self) { try PageSelection<Item>(query: DescribeQuery(maxResults: 4)) }
    }
}

/// The creation order a listing pages through is kept with the region's tables (`RegionState.creationOrder`): a
/// change made in place afterwards, or to a copy, is in the next listing, and a snapshot keeps paging what it saw.
struct CreationOrderTests {
    static func listing(_ state: CloudState, _ type: (some Filterable).Type = Vpc.self, at now: Date) throws -> [String] {
        var ids: [String] = []
        var token: String?
        repeat {
            let page = try state.describe(type, in: TestCloud.scope, query: DescribeQuery(maxResults: 5, nextToken: token), at: now)
            ids += page.items.map(\.id)
            token = page.nextToken
        } while token != nil
        return ids
    }

    @Test func aListingSeesEveryChangeMadeAfterTheOneBefore() throws {
        var cloud = TestCloud()
        try cloud.run { _ in }  // the default VPC, created first
        var created = cloud.state[TestCloud.scope].vpcs.values.map(\.id)
        for index in 0..<12 {
            cloud.now += 1
            created.append(try cloud.run { try $0.createVpc(cidrBlock: "10.\(index).0.0/16") }.id)
        }
        #expect(try Self.listing(cloud.state, at: cloud.now) == created)
        // Nothing else holds the region now: the change is applied in place, in the box that keeps the order.
        cloud.now += 1
        let changes = try cloud.changes { try $0.createVpc(cidrBlock: "10.100.0.0/16") }
        cloud.state.apply(changes)
        let vpcs = changes.compactMap { change -> String? in
            guard case .put(let resource) = change else { return nil }
            return Vpc.unwrap(resource)?.id
        }
        created += vpcs
        #expect(try Self.listing(cloud.state, at: cloud.now) == created, "a VPC created in place after a listing")
        let snapshot = cloud.state
        let seen = created
        let deleted = created.remove(at: 3)
        try cloud.run { try $0.deleteVpc(deleted) }
        cloud.now += 1
        created.append(try cloud.run { try $0.createVpc(cidrBlock: "10.101.0.0/16") }.id)
        #expect(try Self.listing(cloud.state, at: cloud.now) == created, "changes made to a copy while a snapshot was held")
        #expect(try Self.listing(snapshot, at: cloud.now) == seen, "the snapshot pages what it saw")
    }
}

/// DescribeTags merges every kind of tagged resource, each walked in creation order from where the last page ended:
/// page by page it lists what one call lists, in the same order, whatever the page size, also when a page ends
/// inside one resource's tags and many resources share a creation time.
struct DescribeTagsPagingTests {
    @Test(arguments: [5, 6, 7, 11, 1000])
    func pagesListWhatOneCallLists(maxResults: Int) throws {
        var cloud = TestCloud()
        var random = SeededGenerator(seed: UInt64(maxResults))
        try cloud.run { _ in }
        var ids: [String] = []
        var createdAt: [String: Date] = [:]
        for index in 0..<6 {
            // Every second step keeps the time: resources of several kinds then share a creation time.
            if index % 2 == 0 { cloud.now += 1 }
            let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.\(index).0.0/16") }.id
            let subnet = try cloud.run { try $0.createSubnet(vpcId: vpc, cidrBlock: "10.\(index).1.0/24") }.id
            let table = try cloud.run { try $0.createRouteTable(vpcId: vpc) }.id
            ids += [vpc, subnet, table]
            ids += try cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", minCount: 2, maxCount: 2, subnetId: subnet)) }.map(
                \.id)
            for id in ids where createdAt[id] == nil { createdAt[id] = cloud.now }
        }
        for id in ids {
            let tags = (0..<Int.random(in: 1...4, using: &random)).map {
                CloudModel.Tag(key: "k\($0)", value: "v\(Int.random(in: 0..<3, using: &random))")
            }
            try cloud.run { try $0.createTags(resourceIds: [id], tags: tags) }
        }
        let terminated = ids.first { $0.hasPrefix("i-") }!
        _ = try cloud.run { try $0.terminateInstances([terminated]) }
        for filters in [[], [Filter(name: "value", values: ["v1"])], [Filter(name: "resource-type", values: ["instance", "subnet"])]] {
            let whole = try cloud.state.describeTags(in: TestCloud.scope, query: DescribeQuery(filters: filters), at: cloud.now).items
            var paged: [TagDescription] = []
            var token: String?
            var pages = 0
            repeat {
                let query = DescribeQuery(filters: filters, maxResults: maxResults, nextToken: token)
                let page = try cloud.state.describeTags(in: TestCloud.scope, query: query, at: cloud.now)
                #expect(page.items.count <= maxResults)
                paged += page.items
                token = page.nextToken
                pages += 1
            } while token != nil && pages < 500
            #expect(paged == whole, "\(filters), \(maxResults) a page")
            let ordered = whole.sorted {
                (createdAt[$0.resourceId]!, "\($0.resourceId)|\($0.key)") < (createdAt[$1.resourceId]!, "\($1.resourceId)|\($1.key)")
            }
            #expect(whole == ordered, "by creation time, then resource id and key")
            #expect(whole.count > 10 || !filters.isEmpty)
        }
        // An hour after its termination the instance and its tags are gone from the listing.
        cloud.now += 3601
        let later = try cloud.state.describeTags(in: TestCloud.scope, query: DescribeQuery(), at: cloud.now).items
        #expect(!later.contains { $0.resourceId == terminated })
        #expect(later.contains { $0.resourceType == "instance" })
    }
}

extension PageSelectionTests {
    @Test func aBadPageSizeIsReportedBeforeABadToken() {
        let error = #expect(throws: EC2Error.self) { try PageSelection<Item>(query: DescribeQuery(maxResults: 4, nextToken: "garbage")) }
        #expect(error?.code == "InvalidParameterValue", "MaxResults is checked first, as Describe always did")
    }
}
