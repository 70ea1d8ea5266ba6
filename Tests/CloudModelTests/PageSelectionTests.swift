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
