import Addressing
import CloudModel
import Dispatch
import Foundation
import Persistence
import Server
import Synchronization
import Testing

/// Grouped commits: commands run while a batch is being written, see it, and answer only once durable.
struct CloudServiceCommitTests {
    static let scope = AccountRegion(account: "111111111111", region: "us-east-1")

    /// A store that records each batch, holds commits at a gate while closed, and fails them while `failing` is set.
    final class GatedStore: StateStore {
        let stored: InMemoryStateStore
        let gate = DispatchSemaphore(value: 0)
        let closed = Mutex(false)
        let failing = Mutex(false)
        let batches = Mutex<[[ResourceChange]]>([])
        let entries = Mutex<[JournalEntry]>([])

        /// Over `stored`, which other services may append to directly (servers sharing one journal).
        init(over stored: InMemoryStateStore = InMemoryStateStore()) {
            self.stored = stored
        }

        func load() throws -> StoredCloud { try stored.load() }
        func entries(after version: UInt64) throws -> [JournalEntry]? { try stored.entries(after: version) }

        func append(_ entry: JournalEntry, after version: UInt64) throws -> JournalAppend {
            entries.withLock { $0.append(entry) }
            if case .changes(let changes) = entry { batches.withLock { $0.append(changes) } }
            if closed.withLock({ $0 }) { gate.wait() }
            if failing.withLock({ $0 }) { throw CocoaError(.fileWriteOutOfSpace) }
            return try stored.append(entry, after: version)
        }

        /// Holds every later commit until `open()`.
        func close() { closed.withLock { $0 = true } }

        func open() {
            closed.withLock { $0 = false }
            for _ in 0..<64 { gate.signal() }
        }
    }

    /// Waits (briefly polling, for up to 10 s: on a machine busy with other work, the long-read threads' lower
    /// priority can hold a launch worked out aside for over a second) until `condition` holds.
    static func eventually(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while !condition(), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(2)) }
        #expect(condition())
    }

    @Test func aCommandRunsOnChangesStillBeingWrittenAndNobodySeesThemBeforeTheyAreDurable() async throws {
        let store = GatedStore()
        let cloud = try CloudService(store: store)
        _ = try await cloud.snapshot(for: Self.scope)  // the region's default VPC, made durable at once
        store.close()

        let creating = Task {
            try await cloud.perform(in: Self.scope) { transaction throws(EC2Error) in try transaction.createVpc(cidrBlock: "10.0.0.0/16") }
        }
        try await Self.eventually { store.batches.withLock { $0.count } == 2 }  // activation, then the VPC, held at the gate
        let vpcId = try #require(store.batches.withLock { $0.last?.compactMap { if case .put(.vpc(let vpc)) = $0 { vpc.id } else { nil } }.first })
        #expect(cloud.snapshot()[Self.scope].vpcs[vpcId] == nil, "readers do not see a change before it is durable")

        // A subnet in the VPC being written: the command sees it, and waits with it.
        let subnet = Task {
            try await cloud.perform(in: Self.scope) { transaction throws(EC2Error) in
                try transaction.createSubnet(vpcId: vpcId, cidrBlock: "10.0.1.0/24")
            }
        }
        try await Task.sleep(for: .milliseconds(50))
        #expect(cloud.snapshot()[Self.scope].subnets.values.allSatisfy { $0.vpcId != vpcId })

        store.open()
        let vpc = try await creating.value
        let created = try await subnet.value
        #expect(vpc.id == vpcId && created.vpcId == vpcId)
        let state = cloud.snapshot()[Self.scope]
        #expect(state.vpcs[vpcId] != nil && state.subnets[created.id] != nil)
        #expect(try store.load().state == cloud.snapshot(), "what readers see is exactly what is durable")
    }

    @Test func manyConcurrentCommandsAreGroupedAndAllApplied() async throws {
        let store = GatedStore()
        let cloud = try CloudService(store: store)
        _ = try await cloud.snapshot(for: Self.scope)
        store.close()
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for i in 0..<40 {
                group.addTask {
                    try await cloud.perform(in: Self.scope) { transaction throws(EC2Error) in try transaction.createVpc(cidrBlock: "10.\(i).0.0/16") }
                        .id
                }
            }
            try await Task.sleep(for: .milliseconds(50))
            store.open()
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(ids).count == 40)
        #expect(ids.allSatisfy { cloud.snapshot()[Self.scope].vpcs[$0] != nil })
        #expect(store.batches.withLock { $0.count } < 1 + 40, "commands that ran while a batch was written share the next one")
        #expect(try store.load().state == cloud.snapshot())
    }

    /// Runs a task's jobs on a concurrent queue, as a connection's event loop or the long-read threads run theirs.
    final class QueueTaskExecutor: TaskExecutor, @unchecked Sendable {
        private let queue = DispatchQueue(label: "localvpc-test.task-executor", attributes: .concurrent)

        func enqueue(_ job: consuming ExecutorJob) {
            let job = UnownedJob(job)
            queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
        }
    }

    /// Callers that prefer a task executor of their own (the server's connections prefer their event loop) make the
    /// actor hop at every `await`, even of its own functions: a command is still queued in the same step as it runs, so
    /// the next one sees it. When an `await` separated the two, two interfaces could be given one address.
    @Test func commandsFromTasksPreferringAnotherExecutorSeeEachOther() async throws {
        let store = GatedStore()
        let cloud = try CloudService(store: store)
        let vpc = try await cloud.perform(in: Self.scope) { transaction throws(EC2Error) in try transaction.createVpc(cidrBlock: "10.0.0.0/16") }
        let subnet = try await cloud.perform(in: Self.scope) { transaction throws(EC2Error) in
            try transaction.createSubnet(vpcId: vpc.id, cidrBlock: "10.0.0.0/27")
        }
        let executor = QueueTaskExecutor()
        store.close()
        let outcomes = await withTaskGroup(of: String?.self) { group in
            for _ in 0..<64 {
                group.addTask(executorPreference: executor) {
                    try? await cloud.perform(in: Self.scope) { transaction throws(EC2Error) in
                        try transaction.createNetworkInterface(.init(subnetId: subnet.id)).primaryPrivateIp.description
                    }
                }
            }
            try? await Task.sleep(for: .milliseconds(50))
            store.open()
            return await group.reduce(into: []) { $0.append($1) }
        }
        let addresses = outcomes.compactMap { $0 }
        #expect(addresses.count == 27, "a /27 has 32 addresses, 5 reserved")
        #expect(Set(addresses).count == addresses.count, "no address handed out twice: \(addresses.sorted())")
        #expect(try store.load().state == cloud.snapshot())
    }

    @Test func aBatchThatCannotBeWrittenFailsItsCommandsAndThoseBuiltOnThemAndChangesNothing() async throws {
        let store = GatedStore()
        let cloud = try CloudService(store: store)
        let before = try await cloud.snapshot(for: Self.scope)
        store.close()
        store.failing.withLock { $0 = true }
        let creating = Task {
            try await cloud.perform(in: Self.scope) { transaction throws(EC2Error) in try transaction.createVpc(cidrBlock: "10.0.0.0/16") }
        }
        try await Self.eventually { store.batches.withLock { $0.count } == 2 }
        let vpcId = try #require(store.batches.withLock { $0.last?.compactMap { if case .put(.vpc(let vpc)) = $0 { vpc.id } else { nil } }.first })
        let subnet = Task {
            try await cloud.perform(in: Self.scope) { transaction throws(EC2Error) in
                try transaction.createSubnet(vpcId: vpcId, cidrBlock: "10.0.1.0/24")
            }
        }
        try await Task.sleep(for: .milliseconds(50))
        store.open()
        await #expect(throws: CocoaError.self) { try await creating.value }
        await #expect(throws: (any Error).self) { try await subnet.value }
        #expect(cloud.snapshot() == before)

        store.failing.withLock { $0 = false }
        let retried = try await cloud.perform(in: Self.scope) { transaction throws(EC2Error) in try transaction.createVpc(cidrBlock: "10.0.0.0/16") }
        #expect(cloud.snapshot()[Self.scope].vpcs[retried.id] != nil)
        #expect(try store.load().state == cloud.snapshot())
    }

    /// A clock move (like a reset) takes its turn among the commands: what was queued before it is written first, and
    /// what was queued behind it runs again on the moved clock and is written after it. It never waits for a quiet moment.
    @Test func aClockMoveTakesItsTurnAmongCommands() async throws {
        let store = GatedStore()
        let cloud = try CloudService(store: store)
        _ = try await cloud.snapshot(for: Self.scope)
        store.close()
        let first = Task {
            try await cloud.perform(in: Self.scope) { transaction throws(EC2Error) in try transaction.createVpc(cidrBlock: "10.0.0.0/16") }
        }
        try await Self.eventually { store.batches.withLock { $0.count } == 2 }  // the first VPC's batch, held at the gate
        let moved = Task { try await cloud.advanceClock(by: 3600) }
        try await Task.sleep(for: .milliseconds(20))
        let second = Task {
            try await cloud.perform(in: Self.scope) { transaction throws(EC2Error) in try transaction.createVpc(cidrBlock: "10.1.0.0/16") }
        }
        try await Task.sleep(for: .milliseconds(50))
        store.open()
        let (one, two) = (try await first.value, try await second.value)
        _ = try await moved.value
        #expect(cloud.clock.offset == 3600)
        let kinds = store.entries.withLock { entries in
            entries.dropFirst().map { entry -> String in
                switch entry {
                case .changes(let changes): changes.contains { $0.id == one.id } ? "first" : changes.contains { $0.id == two.id } ? "second" : "other"
                case .clockOffset: "clock"
                case .reset: "reset"
                }
            }
        }
        #expect(kinds == ["first", "clock", "second"])
        #expect(try store.load().state == cloud.snapshot())
    }
}
