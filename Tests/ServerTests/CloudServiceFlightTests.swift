import CloudModel
import Foundation
import Persistence
import Synchronization
import Testing

@testable import Server

/// A large batch worked out aside is a flight (`Flight`): applied in the background, while commands of other regions
/// that cannot depend on it are written, applied and answered before it lands, and what may depend on it waits.
struct CloudServiceFlightTests {
    static let scope = CloudServiceAsideTests.scope
    static let other = CloudServiceAsideTests.other
    static let image = CloudServiceAsideTests.image

    /// Holds every flight's background apply until `open()`.
    final class ApplyGate: Sendable {
        private let waiting = Mutex<[CheckedContinuation<Void, Never>]>([])
        private let isOpen = Mutex(false)
        /// How many applies reached the gate.
        let arrivals = Mutex(0)

        func apply(_ changes: [ResourceChange], to state: CloudState) async -> CloudState {
            arrivals.withLock { $0 += 1 }
            await withCheckedContinuation { continuation in
                let wait = isOpen.withLock { isOpen in
                    if !isOpen { waiting.withLock { $0.append(continuation) } }
                    return !isOpen
                }
                if !wait { continuation.resume() }
            }
            var next = state
            next.apply(changes)
            return next
        }

        func open() {
            let held = isOpen.withLock { isOpen in
                isOpen = true
                return waiting.withLock { waiting in
                    defer { waiting = [] }
                    return waiting
                }
            }
            for continuation in held { continuation.resume() }
        }
    }

    /// What was answered, in order.
    final class Answers: Sendable {
        let names = Mutex<[String]>([])
        func append(_ name: String) { names.withLock { $0.append(name) } }
        var all: [String] { names.withLock { $0 } }
    }

    /// A cloud whose flights wait at `gate`, with a subnet in `scope` (a /20) and a VPC in `other`.
    static func cloud(store: any StateStore = InMemoryStateStore()) async throws -> (CloudService, ApplyGate, subnet: String, otherVpc: String) {
        let cloud = try CloudService(store: store)
        let gate = ApplyGate()
        await cloud.setFlightApplier { changes, state in await gate.apply(changes, to: state) }
        let subnet = try await CloudServiceAsideTests.subnet("10.0.0.0/20", in: cloud)
        let otherVpc = try await cloud.perform(in: other) { transaction throws(EC2Error) in try transaction.createVpc(cidrBlock: "10.1.0.0/16").id }
        return (cloud, gate, subnet, otherVpc)
    }

    /// A launch of 300 instances into `subnet`, worked out aside: a flight, whose apply has reached `gate` when this
    /// returns.
    static func launchInTheAir(_ cloud: CloudService, _ gate: ApplyGate, subnet: String, publicIps: Bool? = nil) async throws
        -> Task<[Instance], any Error>
    {
        let launching = Task {
            try await cloud.performAside(in: Self.scope) { transaction throws(EC2Error) in
                try transaction.runInstances(
                    InstanceLaunch(imageId: Self.image, maxCount: 300, subnetId: subnet, associatePublicIpAddress: publicIps))
            }
        }
        try await CloudServiceCommitTests.eventually { gate.arrivals.withLock { $0 } == 1 }
        return launching
    }

    /// While a launch of 300 is applied in the background (durable already), another account's command is answered and
    /// seen at once, before the launch; once the launch lands, readers see both, as the store does.
    @Test func anotherAccountsCommandIsAnsweredWhileALaunchIsApplied() async throws {
        let store = InMemoryStateStore()
        let (cloud, gate, subnet, otherVpc) = try await Self.cloud(store: store)
        let launching = try await Self.launchInTheAir(cloud, gate, subnet: subnet)
        try await CloudServiceCommitTests.eventually { (try? store.load().state[Self.scope].instances.count) == 300 }
        #expect(cloud.snapshot()[Self.scope].instances.isEmpty, "durable, not landed")
        let answered = Answers()
        let beside = Task {
            try await cloud.perform(in: Self.other) { transaction throws(EC2Error) in
                try transaction.createTags(resourceIds: [otherVpc], tags: [CloudModel.Tag(key: "Name", value: "beside")])
            }
            answered.append("beside")
        }
        try await CloudServiceCommitTests.eventually { answered.all == ["beside"] }
        #expect(cloud.snapshot()[Self.other].vpcs[otherVpc]?.tags["Name"] == "beside")
        #expect(cloud.snapshot()[Self.scope].instances.isEmpty)
        gate.open()
        try await beside.value
        #expect(try await launching.value.count == 300)
        #expect(cloud.snapshot()[Self.scope].instances.count == 300)
        #expect(cloud.snapshot()[Self.other].vpcs[otherVpc]?.tags["Name"] == "beside", "applied again on top of the flight")
        #expect(try store.load().state == cloud.snapshot(), "what readers see is exactly what is durable")
    }

    /// A command in the flight's own region may read what the flight changed: it waits until the flight lands, and so
    /// does everything queued after it (it might have read anything).
    @Test func aCommandInTheFlightsRegionWaitsForItToLand() async throws {
        let (cloud, gate, subnet, otherVpc) = try await Self.cloud()
        let launching = try await Self.launchInTheAir(cloud, gate, subnet: subnet)
        let answered = Answers()
        let sameRegion = Task {
            // Sees the launch's instances, which readers do not see yet.
            let count = try await cloud.perform(in: Self.scope) { transaction throws(EC2Error) in transaction.all(Instance.self).count }
            answered.append("same region")
            return count
        }
        // Queued behind the flight before the other region's command is sent.
        let deadline = ContinuousClock.now + .seconds(10)
        while await cloud.pendingCount == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(2)) }
        let otherRegion = Task {
            try await cloud.perform(in: Self.other) { transaction throws(EC2Error) in
                try transaction.createTags(resourceIds: [otherVpc], tags: [CloudModel.Tag(key: "k", value: "v")])
            }
            answered.append("other region")
        }
        try await Task.sleep(for: .milliseconds(100))
        #expect(answered.all.isEmpty, "both wait for the flight")
        gate.open()
        _ = try await launching.value
        #expect(try await sameRegion.value == 300)
        try await otherRegion.value
        #expect(answered.all == ["same region", "other region"])
    }

    /// A launch handing out public addresses holds the shared pool: another account's command that takes a public
    /// address runs again after the flight, on the state with it, and never gets an address the launch took.
    @Test func aCommandTakingAPublicAddressWaitsForAFlightHoldingSome() async throws {
        let store = InMemoryStateStore()
        let (cloud, gate, subnet, _) = try await Self.cloud(store: store)
        let launching = try await Self.launchInTheAir(cloud, gate, subnet: subnet, publicIps: true)
        let answered = Answers()
        let allocating = Task {
            let address = try await cloud.perform(in: Self.other) { transaction throws(EC2Error) in try transaction.allocateAddress() }
            answered.append("allocated")
            return address
        }
        try await Task.sleep(for: .milliseconds(100))
        #expect(answered.all.isEmpty)
        gate.open()
        let instances = try await launching.value
        let address = try await allocating.value
        let launched = Set(cloud.snapshot()[Self.scope].networkInterfaces.values.compactMap(\.autoPublicIp))
        #expect(launched.count == instances.count)
        #expect(!launched.contains(address.publicIp))
        #expect(try store.load().state == cloud.snapshot())
    }

    /// On SQLite, a flight and the commands answered beside it are stored as readers saw them, after a restart too, and
    /// the flight, staged and published, is folded into the resource table.
    @Test func aFlightAndWhatRanBesideItAreWhatARestartLoads() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("localvpc-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStateStore(directory: directory)
        let (cloud, gate, subnet, otherVpc) = try await Self.cloud(store: store)
        let launching = try await Self.launchInTheAir(cloud, gate, subnet: subnet)
        let answered = Answers()
        let beside = Task {
            for n in 0..<5 {
                try await cloud.perform(in: Self.other) { transaction throws(EC2Error) in
                    try transaction.createTags(resourceIds: [otherVpc], tags: [CloudModel.Tag(key: "n", value: "\(n)")])
                }
                answered.append("\(n)")
            }
        }
        try await CloudServiceCommitTests.eventually { answered.all.count == 5 }
        gate.open()
        try await beside.value
        _ = try await launching.value
        // The launch was staged in slices and published at once; the store writer folds it between appends.
        try await CloudServiceCommitTests.eventually { !store.hasUnfoldedChanges }
        let reopened = try SQLiteStateStore(directory: directory).load().state
        #expect(reopened == cloud.snapshot())
        #expect(reopened[Self.scope].instances.count == 300)
        #expect(reopened[Self.other].vpcs[otherVpc]?.tags["n"] == "4")
    }
}
