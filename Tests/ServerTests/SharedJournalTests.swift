import Addressing
import CloudModel
import Foundation
import Persistence
import Server
import Synchronization
import Testing

/// Several servers sharing one store (issue 17): each is a `CloudService` over the same journal. A change made on one
/// is seen by another once it catches up, and a batch appended behind another server's runs again on the newer state,
/// so the rules that read the whole state hold across servers.
struct SharedJournalTests {
    static let scope = AccountRegion(account: "111111111111", region: "us-east-1")

    /// Two services over one in-memory journal, the region activated.
    static func pair() async throws -> (CloudService, CloudService, InMemoryStateStore) {
        let store = InMemoryStateStore()
        let a = try CloudService(store: store)
        let b = try CloudService(store: store)
        _ = try await a.snapshot(for: scope)
        try await b.synchronize()
        return (a, b, store)
    }

    @Test func aChangeOnOneServerIsSeenOnAnotherOnceItCatchesUp() async throws {
        let (a, b, store) = try await Self.pair()
        let vpc = try await a.perform(in: Self.scope) { transaction throws(EC2Error) in try transaction.createVpc(cidrBlock: "10.0.0.0/16") }
        #expect(b.snapshot()[Self.scope].vpcs[vpc.id] == nil)
        try await b.synchronize()
        #expect(b.snapshot()[Self.scope].vpcs[vpc.id] != nil)
        let stored = try store.load().state
        #expect(b.snapshot() == a.snapshot() && a.snapshot() == stored)
    }

    /// A write on a server that is behind is not lost and does not overwrite: it lands after the other's change.
    @Test func aWriteBehindAnotherServersRunsAgainAfterIt() async throws {
        let (a, b, store) = try await Self.pair()
        let first = try await a.perform(in: Self.scope) { transaction throws(EC2Error) in try transaction.createVpc(cidrBlock: "10.0.0.0/16") }
        let second = try await b.perform(in: Self.scope) { transaction throws(EC2Error) in try transaction.createVpc(cidrBlock: "10.1.0.0/16") }
        #expect(b.snapshot()[Self.scope].vpcs[first.id] != nil, "b caught up with a's VPC to append its own")
        #expect(try store.load().state[Self.scope].vpcs.keys.contains(second.id))
        try await a.synchronize()
        #expect(a.snapshot() == b.snapshot())
    }

    /// One live peering per VPC pair: two servers accepting two requests between the same VPCs at once, each unaware
    /// of the other's, end with one accepted and the other refused with AWS's error.
    @Test func twoServersAcceptingPeeringsBetweenTheSamePairAcceptOne() async throws {
        let (a, b, _) = try await Self.pair()
        let (one, two) = try await a.perform(in: Self.scope) { transaction throws(EC2Error) in
            let one = try transaction.createVpc(cidrBlock: "10.0.0.0/16")
            let two = try transaction.createVpc(cidrBlock: "10.1.0.0/16")
            return (one.id, two.id)
        }
        let first = try await a.perform(in: Self.scope) { transaction throws(EC2Error) in
            try transaction.createVpcPeeringConnection(vpcId: one, peerVpcId: two).id
        }
        // The same pair the other way round: a second request AWS lets exist, but not be accepted while the first is active.
        let second = try await a.perform(in: Self.scope) { transaction throws(EC2Error) in
            try transaction.createVpcPeeringConnection(vpcId: two, peerVpcId: one).id
        }
        #expect(first != second)
        try await b.synchronize()
        _ = try await a.perform(in: Self.scope) { transaction throws(EC2Error) in try transaction.acceptVpcPeeringConnection(first) }
        // b has not seen the acceptance: its batch is behind, runs again, and is refused on the newer state.
        await #expect(throws: EC2Error.peeringAlreadyExists(first)) {
            try await b.perform(in: Self.scope) { transaction throws(EC2Error) in try transaction.acceptVpcPeeringConnection(second) }
        }
        #expect(b.snapshot()[Self.scope].vpcPeeringConnections[second]?.status(at: Date()) == .pendingAcceptance)
    }

    /// No address handed out twice: interfaces made at once on three servers in one subnet all get different addresses.
    @Test func addressesAreNeverHandedOutTwiceAcrossServers() async throws {
        let store = InMemoryStateStore()
        let servers = try (0..<3).map { _ in try CloudService(store: store) }
        _ = try await servers[0].snapshot(for: Self.scope)
        let subnet = try await servers[0].perform(in: Self.scope) { transaction throws(EC2Error) in
            let vpc = try transaction.createVpc(cidrBlock: "10.0.0.0/16")
            return try transaction.createSubnet(vpcId: vpc.id, cidrBlock: "10.0.1.0/26").id
        }
        for server in servers { try await server.synchronize() }
        let addresses = try await Self.interfacesAtOnce(count: 48, in: subnet, on: servers)
        #expect(Set(addresses).count == 48)
        let stored = try store.load().state[Self.scope].networkInterfaces.values.filter { $0.subnetId == subnet }
        #expect(Set(stored.map(\.primaryPrivateIp.description)) == Set(addresses))
    }

    /// Makes `count` interfaces in `subnet` at once, spread over `servers` in turn; their primary addresses.
    static func interfacesAtOnce(count: Int, in subnet: String, on servers: [CloudService]) async throws -> [String] {
        try await withThrowingTaskGroup(of: String.self) { group in
            for i in 0..<count {
                group.addTask {
                    try await servers[i % servers.count].perform(in: scope) { transaction throws(EC2Error) in
                        try transaction.createNetworkInterface(Transaction.InterfaceRequest(subnetId: subnet)).primaryPrivateIp.description
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test func theMovedClockAndAResetReachEveryServer() async throws {
        let (a, b, _) = try await Self.pair()
        try await a.advanceClock(by: 3600)
        try await b.synchronize()
        #expect(b.clock.offset == 3600)
        // b advances from the offset a set, not from its own stale one.
        try await a.advanceClock(by: 60)
        try await b.advanceClock(by: 60)
        #expect(b.clock.offset == 3720)
        try await a.reset()
        try await b.synchronize()
        #expect(b.snapshot() == CloudState() && b.clock.offset == 0)
    }

    /// A command refused on changes still being written (another command's, on this server) is answered only once they
    /// are durable: when they are not, because another server appended first and they were refused on the newer state,
    /// the command runs again with them and answers what it finds then. Before, a second delete of a VPC answered
    /// `InvalidVpcID.NotFound`, and a subnet in it was refused the same, while the first delete was still in flight; that
    /// delete then failed (another server had made a subnet), and the VPC was never gone.
    /// The same for commands worked out aside (`performAside`), which the actor decides again when refused on a view
    /// with changes in flight.
    @Test(arguments: [false, true])
    func aRefusalOnChangesInFlightWaitsForThemAndRunsAgainWhenTheyAreUndone(aside: Bool) async throws {
        let journal = InMemoryStateStore()
        let a = try CloudService(store: journal)
        let gated = CloudServiceCommitTests.GatedStore(over: journal)
        let b = try CloudService(store: gated)
        _ = try await a.snapshot(for: Self.scope)
        let vpc = try await a.perform(in: Self.scope) { transaction throws(EC2Error) in try transaction.createVpc(cidrBlock: "10.0.0.0/16").id }
        try await b.synchronize()
        // a makes a subnet in the VPC; b has not seen it when it deletes the VPC.
        _ = try await a.perform(in: Self.scope) { transaction throws(EC2Error) in try transaction.createSubnet(vpcId: vpc, cidrBlock: "10.0.1.0/24") }
        gated.close()
        let batchesBefore = gated.batches.withLock { $0.count }
        let firstDelete = Task { try await b.perform(in: Self.scope) { transaction throws(EC2Error) in try transaction.deleteVpc(vpc) } }
        try await CloudServiceCommitTests.eventually { gated.batches.withLock { $0.count } == batchesBefore + 1 }  // held at the gate
        let perform = { @Sendable (command: @escaping @Sendable (inout Transaction) throws(EC2Error) -> String?) async throws -> String? in
            try await aside ? b.performAside(in: Self.scope, command) : b.perform(in: Self.scope, command)
        }
        let secondDelete = Task {
            try await perform { transaction throws(EC2Error) in
                try transaction.deleteVpc(vpc)
                return nil
            }
        }
        let subnet = Task {
            try await perform { transaction throws(EC2Error) in try transaction.createSubnet(vpcId: vpc, cidrBlock: "10.0.2.0/24").id }
        }
        try await Task.sleep(for: .milliseconds(50))
        gated.open()

        let refused = EC2Error.dependencyViolation("The vpc '\(vpc)' has dependencies and cannot be deleted.")
        await #expect(throws: refused) { try await firstDelete.value }
        await #expect(throws: refused) { try await secondDelete.value }
        let made = try #require(try await subnet.value)
        #expect(b.snapshot()[Self.scope].vpcs[vpc] != nil && b.snapshot()[Self.scope].subnets[made] != nil)
        #expect(try journal.load().state == b.snapshot())
    }
}
