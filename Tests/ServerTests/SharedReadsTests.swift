import CloudModel
import Foundation
import Persistence
import Server
import Synchronization
import Testing

/// Reads on servers sharing a store (issue 17): a read catches up first, so a change acknowledged by one server is seen
/// by any read that starts afterwards on another, without anyone asking it to synchronize.
struct SharedReadsTests {
    static let scope = AccountRegion(account: "111111111111", region: "us-east-1")

    /// A shared in-memory journal that counts how often its latest version is asked, slowly (as over a network), so that
    /// reads overlap.
    final class CountingStore: StateStore {
        let journal = InMemoryStateStore(isShared: true)
        let asked = Mutex(0)
        var isShared: Bool { true }

        func load() throws -> StoredCloud { try journal.load() }
        func append(_ entry: JournalEntry, after version: UInt64) throws -> JournalAppend { try journal.append(entry, after: version) }
        func entries(after version: UInt64) throws -> [JournalEntry]? { try journal.entries(after: version) }
        func latestVersion() throws -> UInt64 {
            asked.withLock { $0 += 1 }
            Thread.sleep(forTimeInterval: 0.01)
            return try journal.latestVersion()
        }
    }

    @Test func aReadOnAnotherServerSeesWhatWasAcknowledgedBeforeIt() async throws {
        let store = InMemoryStateStore(isShared: true)
        let a = try CloudService(store: store)
        let b = try CloudService(store: store)
        #expect(a.isShared && b.isShared)
        let vpc = try await a.perform(in: Self.scope) { transaction throws(EC2Error) in try transaction.createVpc(cidrBlock: "10.0.0.0/16") }
        #expect(try await b.snapshot(for: Self.scope)[Self.scope].vpcs[vpc.id] != nil)
        // A write refused on what it reads is a read too: b deletes the VPC it has just heard of.
        let other = try await a.perform(in: Self.scope) { transaction throws(EC2Error) in try transaction.createVpc(cidrBlock: "10.1.0.0/16") }
        try await b.perform(in: Self.scope) { transaction throws(EC2Error) in try transaction.deleteVpc(other.id) }
        #expect(try await a.snapshot(for: Self.scope)[Self.scope].vpcs[other.id] == nil)
    }

    /// While a follower catches the server up (as `JournalFollower` does on every notification), a read that finds the
    /// latest version applied reads the state of that version, never the one before: the version is published only once
    /// its state is in place. A large state makes the window between the two wide, if there is one.
    @Test func aReadRacingTheFollowerSeesTheAcknowledgedChange() async throws {
        let store = InMemoryStateStore(isShared: true)
        let a = try CloudService(store: store)
        let b = try CloudService(store: store)
        try await a.perform(in: Self.scope) { transaction throws(EC2Error) in
            for index in 0..<3000 { _ = try transaction.createVpc(cidrBlock: "10.\(index % 250).\(index / 250).0/24") }
        }
        _ = try await b.snapshot(for: Self.scope)
        let follower = Task {
            while !Task.isCancelled { try? await b.catchUp(to: .max) }
        }
        defer { follower.cancel() }
        var missed = 0
        for _ in 0..<200 {
            let vpc = try await a.perform(in: Self.scope) { transaction throws(EC2Error) in try transaction.createVpc(cidrBlock: "10.9.0.0/16") }
            if try await b.snapshot(for: Self.scope)[Self.scope].vpcs[vpc.id] == nil { missed += 1 }
        }
        #expect(missed == 0, "\(missed) of 200 reads missed a change acknowledged before them")
    }

    /// On a store only this server writes (SQLite, memory), a read never asks the store anything.
    @Test func aStoreNobodyElseWritesIsNeverAsked() async throws {
        let store = InMemoryStateStore()
        let a = try CloudService(store: store)
        #expect(!a.isShared)
        let other = try CloudService(store: store)
        _ = try await a.snapshot(for: Self.scope)
        let vpc = try await other.perform(in: Self.scope) { transaction throws(EC2Error) in try transaction.createVpc(cidrBlock: "10.0.0.0/16") }
        #expect(try await a.snapshot(for: Self.scope)[Self.scope].vpcs[vpc.id] == nil, "not shared: nobody else is expected to write")
    }

    /// Reads arriving together share one question to the store: far fewer questions than reads, and every read still
    /// sees the change acknowledged before the burst.
    @Test func concurrentReadsShareOneQuestion() async throws {
        let store = CountingStore()
        let a = try CloudService(store: store)
        let b = try CloudService(store: store)
        _ = try await b.snapshot(for: Self.scope)
        let vpc = try await a.perform(in: Self.scope) { transaction throws(EC2Error) in try transaction.createVpc(cidrBlock: "10.0.0.0/16") }
        store.asked.withLock { $0 = 0 }
        let seen = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<64 { group.addTask { try await b.snapshot(for: Self.scope)[Self.scope].vpcs[vpc.id] != nil } }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(seen.count == 64 && seen.allSatisfy { $0 })
        let asked = store.asked.withLock { $0 }
        #expect(asked >= 1 && asked <= 8, "64 reads asked \(asked) times")
    }
}
