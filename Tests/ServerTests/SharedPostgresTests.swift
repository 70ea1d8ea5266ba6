import Addressing
import CloudModel
import Foundation
import Logging
import Persistence
import Synchronization
import TestSupport
import Testing

@testable import Server

/// Several servers on one PostgreSQL database (issue 17): each a `CloudService` over its own `PostgresStateStore` on a
/// throwaway database of `LOCALVPC_TEST_DATABASE_URL`'s server.
@Suite(.enabled(if: TestDatabase.server != nil, Comment(rawValue: TestDatabase.skipped)))
struct SharedPostgresTests {
    static let scope = AccountRegion(account: "111111111111", region: "us-east-1")
    static let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    /// `count` servers on one new database.
    static func withServers(_ count: Int, _ body: ([CloudService], [PostgresStateStore]) async throws -> Void) async throws {
        try await TestDatabase.with { location in
            let stores = try (0..<count).map { _ in try PostgresStateStore(location: location, logger: quiet) }
            defer { for store in stores { store.close() } }
            try await body(try stores.map { try CloudService(store: $0) }, stores)
        }
    }

    /// Read-after-acknowledgement across servers, and a write behind another server's running again after it.
    @Test func aChangeOnOneServerIsReadOnAnother() async throws {
        try await Self.withServers(2) { servers, _ in
            let (a, b) = (servers[0], servers[1])
            let vpc = try await a.perform(in: Self.scope) { transaction throws(EC2Error) in try transaction.createVpc(cidrBlock: "10.0.0.0/16") }
            #expect(try await b.snapshot(for: Self.scope)[Self.scope].vpcs[vpc.id] != nil)
            let subnet = try await b.perform(in: Self.scope) { transaction throws(EC2Error) in
                try transaction.createSubnet(vpcId: vpc.id, cidrBlock: "10.0.1.0/24").id
            }
            #expect(try await a.snapshot(for: Self.scope)[Self.scope].subnets[subnet] != nil)
            try await a.advanceClock(by: 3600)
            _ = try await b.snapshot(for: Self.scope)
            #expect(b.clock.offset == 3600)
            try await b.reset()
            #expect(try await a.snapshot(for: Self.scope)[Self.scope].vpcs[vpc.id] == nil)
            #expect(a.clock.offset == 0)
        }
    }

    /// No address handed out twice: interfaces made at once on three servers in one small subnet.
    @Test func addressesAreNeverHandedOutTwiceAcrossServers() async throws {
        try await Self.withServers(3) { servers, stores in
            let subnet = try await servers[0].perform(in: Self.scope) { transaction throws(EC2Error) in
                let vpc = try transaction.createVpc(cidrBlock: "10.0.0.0/16")
                return try transaction.createSubnet(vpcId: vpc.id, cidrBlock: "10.0.1.0/26").id
            }
            let addresses = try await SharedJournalTests.interfacesAtOnce(count: 48, in: subnet, on: servers)
            #expect(Set(addresses).count == 48)
            let stored = try stores[1].load().state[Self.scope].networkInterfaces.values.filter { $0.subnetId == subnet }
            #expect(Set(stored.map(\.primaryPrivateIp.description)) == Set(addresses))
            for server in servers { _ = try await server.snapshot(for: Self.scope) }
            #expect(servers[0].snapshot() == servers[1].snapshot() && servers[1].snapshot() == servers[2].snapshot())
        }
    }

    /// The follower: a server's change feed hears another server's change without anyone reading from it.
    @Test func theChangeFeedFollowsOtherServers() async throws {
        try await Self.withServers(2) { servers, stores in
            let (a, b) = (servers[0], servers[1])
            // The region's default VPC made and seen first: the feed then hears only the VPC made below.
            _ = try await a.snapshot(for: Self.scope)
            _ = try await b.snapshot(for: Self.scope)
            let follower = Task { try await JournalFollower(cloud: b, versions: stores[1].appendedVersions()!, logger: Self.quiet).run() }
            defer { follower.cancel() }
            let feed = b.changes()
            let heard = Task { () -> [String] in
                for await batch in feed {
                    let vpcs = batch.changes.compactMap { change -> String? in
                        if case .put(let resource) = change, resource.kind == "vpc", resource.id.hasPrefix("vpc-") { return resource.id }
                        return nil
                    }
                    if !vpcs.isEmpty { return vpcs }
                }
                return []
            }
            try await Task.sleep(for: .milliseconds(300))
            let vpc = try await a.perform(in: Self.scope) { transaction throws(EC2Error) in try transaction.createVpc(cidrBlock: "10.5.0.0/16") }
            let timeout = Task {
                try? await Task.sleep(for: .seconds(5))
                heard.cancel()
            }
            #expect(await heard.value.contains(vpc.id))
            timeout.cancel()
            #expect(b.snapshot()[Self.scope].vpcs[vpc.id] != nil)
        }
    }
}
