import CloudModel
import Foundation
import Logging
import Persistence
import Synchronization
import TestSupport
import Testing

/// The PostgreSQL store (issue 17), on a throwaway database of the server `LOCALVPC_TEST_DATABASE_URL` names.
@Suite(.enabled(if: TestDatabase.server != nil, Comment(rawValue: TestDatabase.skipped)))
struct PostgresStateStoreTests {
    static let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    /// Runs `body` with a way to open stores on one new database (each another server's handle); closes them after.
    static func withStores(
        keptVersions: UInt64 = 10_000, appendsPerPrune: Int = 100,
        _ body: (PostgresLocation, _ open: () throws -> PostgresStateStore) async throws -> Void
    ) async throws {
        try await TestDatabase.with { location in
            let opened = Mutex<[PostgresStateStore]>([])
            defer { for store in opened.withLock({ $0 }) { store.close() } }
            try await body(location) {
                let store = try PostgresStateStore(location: location, keptVersions: keptVersions, appendsPerPrune: appendsPerPrune, logger: quiet)
                opened.withLock { $0.append(store) }
                return store
            }
        }
    }

    @Test(arguments: JournalContract.names)
    func contract(check: String) async throws {
        try await Self.withStores { _, open in try JournalContract.checks[check]! { try open() } }
    }

    /// Servers starting at once on an empty database all make (or find) the same tables: the advisory lock serializes
    /// them.
    @Test func serversStartingAtOnceShareOneSetOfTables() async throws {
        try await Self.withStores { location, _ in
            let stores = try await withThrowingTaskGroup(of: PostgresStateStore.self) { group in
                for _ in 0..<4 { group.addTask { try PostgresStateStore(location: location, logger: Self.quiet) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            defer { for store in stores { store.close() } }
            #expect(stores.count == 4)
            #expect(try stores[0].append(.clockOffset(5), after: 0) == .appended(version: 1))
            for store in stores { #expect(try store.load().version == 1) }
        }
    }

    /// The journal keeps its last `keptVersions` entries: a follower further behind is told to load the whole state.
    @Test func theJournalIsPrunedAndAFollowerTooFarBehindLoadsAgain() async throws {
        try await Self.withStores(keptVersions: 5, appendsPerPrune: 2) { _, open in
            let store = try open()
            for version in 0..<20 {
                #expect(try store.append(.clockOffset(Double(version + 1)), after: UInt64(version)) == .appended(version: UInt64(version) + 1))
            }
            #expect(try store.entries(after: 0) == nil)
            #expect(try store.entries(after: 17) == [.clockOffset(18), .clockOffset(19), .clockOffset(20)])
            #expect(try store.entries(after: 10) == nil, "pruned: versions up to 15 are gone")
            #expect(try store.load().clockOffset == 20)
        }
    }

    /// Another server's append is heard (LISTEN/NOTIFY) with its version.
    @Test func appendsAreNotifiedToTheOtherServers() async throws {
        try await Self.withStores { _, open in
            let follower = try open()
            let writer = try open()
            let versions = try #require(follower.appendedVersions())
            let heard = Task {
                for await version in versions where version >= 2 { return version }
                return 0
            }
            try await Task.sleep(for: .milliseconds(300))
            #expect(try writer.append(.clockOffset(1), after: 0) == .appended(version: 1))
            #expect(try writer.append(.clockOffset(2), after: 1) == .appended(version: 2))
            let timeout = Task {
                try? await Task.sleep(for: .seconds(5))
                heard.cancel()
            }
            #expect(await heard.value == 2)
            timeout.cancel()
        }
    }

    /// A connection PostgreSQL ends (a restart, an administrator) fails at most the request that was using it, as
    /// `StoreUnavailable`; the next connects again and nothing acknowledged is lost.
    @Test func aLostConnectionIsUnavailableOnceThenResumes() async throws {
        try await Self.withStores { location, open in
            let store = try open()
            #expect(try store.append(.clockOffset(1), after: 0) == .appended(version: 1))
            #expect(try store.latestVersion() == 1)
            try await TestDatabase.administer(
                location, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
            try await Task.sleep(for: .milliseconds(200))
            var outcome: JournalAppend?
            for _ in 0..<2 where outcome == nil {
                do {
                    outcome = try store.append(.clockOffset(2), after: 1)
                } catch is StoreUnavailable {
                    continue
                }
            }
            #expect(outcome == .appended(version: 2))
            #expect(try store.latestVersion() == 2)
            #expect(try open().load().clockOffset == 2)
        }
    }

    /// One leader at a time: the lock's holder leads until it stops or loses its connection, then another takes over.
    @Test func oneLeaderAtATimeAndAnotherTakesOver() async throws {
        try await Self.withStores { location, _ in
            let locks = [PostgresLeaderLock(location: location, logger: Self.quiet), PostgresLeaderLock(location: location, logger: Self.quiet)]
            let events = Events()
            func leader(_ index: Int) -> Task<Void, Never> {
                Task {
                    // Half a second between tries: a lost holder notices within 4 of them at worst, the next one leads
                    // after 6, and a test run keeping both cores busy delays timers by hundreds of milliseconds.
                    await locks[index].lead(retry: .milliseconds(500)) {
                        events.list.withLock { $0.append("\(index) leads") }
                        while (try? await Task.sleep(for: .seconds(60))) != nil {}
                        events.list.withLock { $0.append("\(index) stops") }
                    }
                }
            }
            let first = leader(0)
            try await Self.eventually { locks[0].isHeld }
            let second = leader(1)
            try await Task.sleep(for: .milliseconds(1500))
            #expect(!locks[1].isHeld, "the lock is held")
            // The leader's connection ends (PostgreSQL restarted): it stops leading, then one of the two leads again.
            try await TestDatabase.administer(
                location,
                "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = "
                    + "(SELECT oid FROM pg_database WHERE datname = current_database())")
            try await Self.eventually { events.list.withLock { $0.count } == 3 && (locks[0].isHeld || locks[1].isHeld) }
            // Never two at once: the old leader stops before anyone leads again (a new holder waits for it).
            #expect(events.list.withLock { Array($0.prefix(2)) } == ["0 leads", "0 stops"])
            #expect(locks[0].isHeld != locks[1].isHeld)
            // The leader stops (its server shuts down): the other takes over.
            let (stopping, staying, other) = locks[0].isHeld ? (first, second, 1) : (second, first, 0)
            stopping.cancel()
            await stopping.value
            try await Self.eventually { locks[other].isHeld }
            #expect(events.list.withLock { $0.last } == "\(other) leads")
            staying.cancel()
            await staying.value
        }
    }

    /// What the leaders did, in order.
    final class Events: Sendable {
        let list = Mutex<[String]>([])
    }

    /// Waits up to 10 s for `condition`.
    static func eventually(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out")
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}

/// What needs no PostgreSQL server at all: one that is not there.
struct PostgresUnreachableTests {
    /// PostgreSQL unreachable: opening says so (`StoreUnavailable`), and waiting for it gives up after its patience.
    @Test func anUnreachableServerIsUnavailableAndStartUpGivesUp() throws {
        let nowhere = PostgresLocation(host: "127.0.0.1", port: 1, user: "localvpc", database: "localvpc")
        #expect(throws: StoreUnavailable.self) { try PostgresStateStore(location: nowhere, logger: PostgresStateStoreTests.quiet) }
        let started = ContinuousClock.now
        let error = #expect(throws: StoreUnavailable.self) {
            try PostgresStateStore.open(location: nowhere, patience: .seconds(2), logger: PostgresStateStoreTests.quiet)
        }
        #expect(ContinuousClock.now - started >= .seconds(2))
        #expect(error?.reason.contains("gave up") == true)
    }
}
