import CloudModel
import Persistence
import TestSupport
import Testing

/// The store of `serve --ephemeral` keeps the journal's head and the clock, never the state: it checks every append's
/// version as any store does, and refuses to load what it did not keep rather than answer an empty state.
struct EphemeralStateStoreTests {
    @Test func appendsMoveTheHeadAndAnAppendBehindItWritesNothing() throws {
        let store = EphemeralStateStore()
        var cloud = TestCloud()
        let vpc = try cloud.journaled { _ = try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        #expect(try store.append(.changes(vpc), after: 0) == .appended(version: 1))
        #expect(try store.append(.changes(vpc), after: 0) == .behind)
        #expect(try store.append(.clockOffset(60), after: 0) == .behind)
        #expect(try store.latestVersion() == 1)
        #expect(try store.entries(after: 1) == [], "nobody else appends: nothing after the head")
        #expect(try store.entries(after: 0) == nil, "it keeps no entries: a follower behind would load again")
    }

    @Test func loadingIsRefusedOnceResourcesWereAppended() throws {
        let store = EphemeralStateStore()
        #expect(try store.append(.clockOffset(3600), after: 0) == .appended(version: 1))
        #expect(try store.append(.changes([]), after: 1) == .appended(version: 2))
        let head = try store.load()
        #expect(head.version == 2 && head.clockOffset == 3600 && head.state == CloudState())
        var cloud = TestCloud()
        let vpc = try cloud.journaled { _ = try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        #expect(try store.append(.changes(vpc), after: 2) == .appended(version: 3))
        #expect(throws: StateNotKept.self) { try store.load() }
        #expect(try store.append(.reset, after: 3) == .appended(version: 4))
        let reset = try store.load()
        #expect(reset.version == 4 && reset.clockOffset == 0 && reset.state == CloudState(), "after a reset, the empty state is the state")
    }
}
