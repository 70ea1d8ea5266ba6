import CloudModel
import Foundation
import Persistence
import TestSupport
import Testing

/// The `StateStore` contract every store keeps, whatever keeps it (memory, SQLite, PostgreSQL): each check is run on
/// each store by `JournalContractTests` and `PostgresStateStoreTests`.
///
/// `open` gives another handle on the same journal, standing for another server (or process) on the same store.
enum JournalContract {
    typealias Check = @Sendable (_ open: () throws -> any StateStore) throws -> Void

    static let checks: [String: Check] = [
        "appends move the head; an append after an older version is behind and writes nothing": appendsAfterAnOlderVersionAreBehind,
        "what is appended is what is loaded, by another handle too": whatIsAppendedIsLoaded,
        "a reset forgets every resource and the clock; the version goes on": aResetForgetsEverything,
        "entries lead from an older version to the latest, or say to load again": entriesLeadToTheLatest,
        "the latest version is the head, whoever appended": latestVersionIsTheHead,
    ]
    static var names: [String] { checks.keys.sorted() }

    /// The changes of `command` run on `cloud`, applied to it.
    static func changes(_ cloud: inout TestCloud, _ command: (inout Transaction) throws -> Void) throws -> [ResourceChange] {
        try cloud.journaled(command)
    }

    static func appendsAfterAnOlderVersionAreBehind(_ open: () throws -> any StateStore) throws {
        let store = try open()
        let other = try open()
        var cloud = TestCloud()
        let first = try changes(&cloud) { _ = try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        #expect(try store.append(.changes(first), after: 0) == .appended(version: 1))
        var late = TestCloud()
        let stale = try changes(&late) { _ = try $0.createVpc(cidrBlock: "10.9.0.0/16") }
        #expect(try other.append(.changes(stale), after: 0) == .behind)
        #expect(try other.load().state == cloud.state, "the batch behind wrote nothing")
        let second = try changes(&cloud) { _ = try $0.createVpc(cidrBlock: "10.1.0.0/16") }
        #expect(try other.append(.changes(second), after: 1) == .appended(version: 2))
        #expect(try store.append(.clockOffset(60), after: 1) == .behind)
        #expect(try store.load().version == 2)
    }

    static func whatIsAppendedIsLoaded(_ open: () throws -> any StateStore) throws {
        let store = try open()
        var cloud = TestCloud()
        var vpcId = ""
        let made = try changes(&cloud) { transaction in
            let vpc = try transaction.createVpc(
                cidrBlock: "10.0.0.0/16", amazonProvidedIpv6CidrBlock: true,
                tagSpecifications: [TagSpecification(resourceType: "vpc", tags: [CloudModel.Tag(key: "Name", value: "one")])])
            vpcId = vpc.id
            _ = try transaction.createSubnet(vpcId: vpc.id, cidrBlock: "10.0.1.0/24")
        }
        #expect(try store.append(.changes(made), after: 0) == .appended(version: 1))
        // Made and deleted in one batch, and a resource deleted in the batch after the one that made it.
        let churn = try changes(&cloud) { transaction in
            let gone = try transaction.createVpc(cidrBlock: "10.2.0.0/16")
            try transaction.deleteVpc(gone.id)
            _ = try transaction.createVpc(cidrBlock: "10.3.0.0/16")
        }
        #expect(try store.append(.changes(churn), after: 1) == .appended(version: 2))
        #expect(try store.append(.clockOffset(3600), after: 2) == .appended(version: 3))
        let subnets = cloud.state[TestCloud.scope].subnets.values.filter { $0.vpcId == vpcId }.map(\.id)
        let deleted = try changes(&cloud) { transaction in
            for subnet in subnets { try transaction.deleteSubnet(subnet) }
        }
        #expect(try store.append(.changes(deleted), after: 3) == .appended(version: 4))
        for handle in [store, try open()] {
            let loaded = try handle.load()
            #expect(loaded.state == cloud.state)
            #expect(loaded.version == 4 && loaded.clockOffset == 3600)
        }
    }

    static func aResetForgetsEverything(_ open: () throws -> any StateStore) throws {
        let store = try open()
        var cloud = TestCloud()
        #expect(try store.append(.changes(try changes(&cloud) { _ = try $0.createVpc(cidrBlock: "10.0.0.0/16") }), after: 0) == .appended(version: 1))
        #expect(try store.append(.clockOffset(7200), after: 1) == .appended(version: 2))
        #expect(try store.append(.reset, after: 2) == .appended(version: 3))
        let loaded = try open().load()
        #expect(loaded.state == CloudState() && loaded.clockOffset == 0 && loaded.version == 3)
    }

    static func entriesLeadToTheLatest(_ open: () throws -> any StateStore) throws {
        let store = try open()
        var cloud = TestCloud()
        let before = try store.load()
        let one = try changes(&cloud) { _ = try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        let two = try changes(&cloud) { _ = try $0.createVpc(cidrBlock: "10.1.0.0/16") }
        #expect(try store.append(.changes(one), after: 0) == .appended(version: 1))
        #expect(try store.append(.changes(two), after: 1) == .appended(version: 2))
        #expect(try store.append(.clockOffset(30), after: 2) == .appended(version: 3))
        let follower = try open()
        #expect(try follower.entries(after: 3) == [])
        // A store that keeps entries gives exactly those appended; one that does not says to load again.
        if let entries = try follower.entries(after: 0) {
            #expect(entries == [.changes(one), .changes(two), .clockOffset(30)])
            var replayed = before
            for (index, entry) in entries.enumerated() { replayed.apply(entry, version: UInt64(index) + 1) }
            #expect(replayed.state == cloud.state && replayed.clockOffset == 30)
        }
        if let entries = try follower.entries(after: 2) { #expect(entries == [.clockOffset(30)]) }
        #expect(try follower.entries(after: 9) == nil, "a version the store never reached: load again")
    }

    static func latestVersionIsTheHead(_ open: () throws -> any StateStore) throws {
        let store = try open()
        let other = try open()
        #expect(try other.latestVersion() == 0)
        #expect(try store.append(.clockOffset(1), after: 0) == .appended(version: 1))
        #expect(try store.append(.clockOffset(2), after: 1) == .appended(version: 2))
        #expect(try other.latestVersion() == 2)
    }
}

/// A store in memory that no other service follows keeps no entries: a service behind it (there is none) would load
/// again, and the state is there.
struct InMemoryStateStoreTests {
    @Test func aStoreNobodyFollowsKeepsNoEntries() throws {
        let store = InMemoryStateStore()
        for version in UInt64(0)..<3 { #expect(try store.append(.clockOffset(Double(version)), after: version) == .appended(version: version + 1)) }
        #expect(try store.entries(after: 3) == [])
        #expect(try store.entries(after: 2) == nil)
        #expect(try store.load().version == 3)
        #expect(try store.load().clockOffset == 2)
        let shared = InMemoryStateStore(isShared: true)
        for version in UInt64(0)..<3 { _ = try shared.append(.clockOffset(Double(version)), after: version) }
        #expect(try shared.entries(after: 1) == [.clockOffset(1), .clockOffset(2)])
    }
}

/// The contract on the stores that need no server: memory (one instance shared, as by several services in one process)
/// and SQLite (several handles on one file, as by several processes).
struct JournalContractTests {
    enum Kind: String, CaseIterable, Sendable { case memory, sqlite }

    @Test(arguments: Kind.allCases, JournalContract.names)
    func contract(kind: Kind, check: String) throws {
        switch kind {
        case .memory:
            let store = InMemoryStateStore(isShared: true)
            try JournalContract.checks[check]! { store }
        case .sqlite:
            try SQLiteStateStoreTests.withDirectory { directory in
                try JournalContract.checks[check]! { try SQLiteStateStore(directory: directory) }
            }
        }
    }
}
