import CloudModel
import Foundation
import Persistence
import Server
import Synchronization
import Testing

/// Commands worked out off the actor (`CloudService.performAside`): a large launch or termination commits whole or not at
/// all, nobody sees part of it, and one worked out on a view its region has moved past is worked out again.
struct CloudServiceAsideTests {
    static let scope = AccountRegion(account: "111111111111", region: "us-east-1")
    static let other = AccountRegion(account: "222222222222", region: "us-east-1")
    static let image = "ami-0abcdef1234567890"

    /// A VPC with one subnet of `cidr`, made in `scope`; the subnet's id.
    static func subnet(_ cidr: String, in cloud: CloudService, scope: AccountRegion = scope) async throws -> String {
        let vpc = try await cloud.perform(in: scope) { transaction throws(EC2Error) in try transaction.createVpc(cidrBlock: "10.0.0.0/16") }
        return try await cloud.perform(in: scope) { transaction throws(EC2Error) in
            try transaction.createSubnet(vpcId: vpc.id, cidrBlock: cidr).id
        }
    }

    @Test func aLaunchWorkedOutAsideCommitsWholeAndNobodySeesItBeforeItIsDurable() async throws {
        let store = CloudServiceCommitTests.GatedStore()
        let cloud = try CloudService(store: store)
        let subnet = try await Self.subnet("10.0.0.0/20", in: cloud)
        store.close()
        let launching = Task {
            try await cloud.performAside(in: Self.scope) { transaction throws(EC2Error) in
                try transaction.runInstances(InstanceLaunch(imageId: Self.image, maxCount: 500, subnetId: subnet))
            }
        }
        try await CloudServiceCommitTests.eventually { store.batches.withLock { $0.last?.count ?? 0 } >= 1000 }
        // Written as one batch (instances and their interfaces, all of them), and invisible while it is being written.
        let batch = try #require(store.batches.withLock { $0.last })
        #expect(batch.filter { if case .put(.instance) = $0 { true } else { false } }.count == 500)
        #expect(cloud.snapshot()[Self.scope].instances.isEmpty)
        store.open()
        let instances = try await launching.value
        #expect(instances.count == 500)
        #expect(cloud.snapshot()[Self.scope].instances.count == 500)
        #expect(try store.load().state == cloud.snapshot(), "what readers see is exactly what is durable")
    }

    @Test func aLaunchWhoseBatchFailsLeavesNothing() async throws {
        let store = CloudServiceCommitTests.GatedStore()
        let cloud = try CloudService(store: store)
        let subnet = try await Self.subnet("10.0.0.0/20", in: cloud)
        store.failing.withLock { $0 = true }
        await #expect(throws: (any Error).self) {
            try await cloud.performAside(in: Self.scope) { transaction throws(EC2Error) in
                try transaction.runInstances(InstanceLaunch(imageId: Self.image, maxCount: 300, subnetId: subnet))
            }
        }
        store.failing.withLock { $0 = false }
        #expect(cloud.snapshot()[Self.scope].instances.isEmpty)
        #expect(cloud.snapshot()[Self.scope].networkInterfaces.isEmpty)
        #expect(try store.load().state == cloud.snapshot())
    }

    @Test func aRefusedLaunchChangesNothingAndADryRunCommitsNothing() async throws {
        let cloud = try CloudService(store: InMemoryStateStore())
        let subnet = try await Self.subnet("10.0.0.0/28", in: cloud)
        await #expect(throws: EC2Error.self) {
            // 11 usable addresses: a launch of at least 12 is refused whole.
            try await cloud.performAside(in: Self.scope) { transaction throws(EC2Error) in
                try transaction.runInstances(InstanceLaunch(imageId: Self.image, minCount: 12, maxCount: 12, subnetId: subnet))
            }
        }
        let dryRun = await #expect(throws: EC2Error.self) {
            try await cloud.performAside(in: Self.scope, dryRun: true) { transaction throws(EC2Error) in
                try transaction.runInstances(InstanceLaunch(imageId: Self.image, maxCount: 5, subnetId: subnet))
            }
        }
        #expect(dryRun?.code == "DryRunOperation")
        #expect(cloud.snapshot()[Self.scope].instances.isEmpty)
    }

    /// Launches into one subnet at once, worked out aside and on the actor, in two accounts: each one saw a view that
    /// the others moved, so some are worked out again; every address is still handed out once and every launch is whole.
    @Test func concurrentLaunchesIntoOneSubnetNeverShareAnAddress() async throws {
        let cloud = try CloudService(store: InMemoryStateStore())
        let subnet = try await Self.subnet("10.0.0.0/22", in: cloud)
        let otherSubnet = try await Self.subnet("10.0.0.0/22", in: cloud, scope: Self.other)
        let launched = try await withThrowingTaskGroup(of: [Instance].self) { group in
            for index in 0..<12 {
                group.addTask {
                    if index.isMultiple(of: 3) {
                        return try await cloud.perform(in: Self.scope) { transaction throws(EC2Error) in
                            try transaction.runInstances(InstanceLaunch(imageId: Self.image, maxCount: 7, subnetId: subnet))
                        }
                    }
                    let (scope, id) = index.isMultiple(of: 2) ? (Self.scope, subnet) : (Self.other, otherSubnet)
                    return try await cloud.performAside(in: scope) { transaction throws(EC2Error) in
                        try transaction.runInstances(InstanceLaunch(imageId: Self.image, minCount: 60, maxCount: 60, subnetId: id))
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(launched.map(\.count).sorted() == Array(repeating: 7, count: 4) + Array(repeating: 60, count: 8))
        for scope in [Self.scope, Self.other] {
            let region = cloud.snapshot()[scope]
            let addresses = region.networkInterfaces.values.flatMap(\.privateIpAddresses)
            #expect(Set(addresses).count == addresses.count, "no address handed out twice")
            #expect(region.instances.count == launched.joined().filter { $0.scope == scope }.count)
        }
    }

    @Test func aTerminationWorkedOutAsideTerminatesEveryInstance() async throws {
        let cloud = try CloudService(store: InMemoryStateStore())
        let subnet = try await Self.subnet("10.0.0.0/20", in: cloud)
        let instances = try await cloud.performAside(in: Self.scope) { transaction throws(EC2Error) in
            try transaction.runInstances(InstanceLaunch(imageId: Self.image, maxCount: 200, subnetId: subnet))
        }
        let ids = instances.map(\.id)
        let changes = try await cloud.performAside(in: Self.scope) { transaction throws(EC2Error) in try transaction.terminateInstances(ids) }
        #expect(changes.count == 200)
        #expect(cloud.snapshot()[Self.scope].instances.values.allSatisfy { $0.state == .terminated })
        #expect(cloud.snapshot()[Self.scope].networkInterfaces.isEmpty, "interfaces deleted on termination")
    }

    /// On SQLite, a launch and a termination worked out aside carry their rows written aside, while a small command
    /// queued beside them does not: the store holds exactly what readers saw, after a restart too.
    @Test func rowsWrittenAsideAreStoredWithTheCommandsBesideThem() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("localvpc-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let cloud = try CloudService(store: SQLiteStateStore(directory: directory))
        let subnet = try await Self.subnet("10.0.0.0/20", in: cloud)
        let otherSubnet = try await Self.subnet("10.0.0.0/24", in: cloud, scope: Self.other)
        async let launched = cloud.performAside(in: Self.scope) { transaction throws(EC2Error) in
            try transaction.runInstances(InstanceLaunch(imageId: Self.image, maxCount: 300, subnetId: subnet))
        }
        async let small = cloud.perform(in: Self.other) { transaction throws(EC2Error) in
            try transaction.runInstances(InstanceLaunch(imageId: Self.image, maxCount: 2, subnetId: otherSubnet))
        }
        let (instances, others) = try await (launched, small)
        let ids = instances.map(\.id)
        _ = try await cloud.performAside(in: Self.scope) { transaction throws(EC2Error) in try transaction.terminateInstances(ids) }
        #expect(others.count == 2)
        let reopened = try SQLiteStateStore(directory: directory).load().state
        #expect(reopened == cloud.snapshot())
        #expect(reopened[Self.scope].instances.values.filter { $0.state == .terminated }.count == 300)
    }
}
