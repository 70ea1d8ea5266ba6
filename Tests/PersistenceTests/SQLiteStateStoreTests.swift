import CloudModel
import Foundation
import GRDB
import Persistence
import TestSupport
import Testing

struct SQLiteStateStoreTests {
    /// A fresh state directory, removed when the test ends.
    static func withDirectory(_ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("localvpc-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory)
    }

    /// Runs `command` in `cloud` and appends the same changes to `store`, as the server does.
    static func run(_ cloud: inout TestCloud, _ store: SQLiteStateStore, _ command: (inout Transaction) throws -> Void) throws {
        if !cloud.state[TestCloud.scope].isActivated {
            let activation = try cloud.changes { $0.activateRegion() }
            try append(.changes(activation), to: store)
            cloud.state.apply(activation)
        }
        let changes = try cloud.changes(command)
        try append(.changes(changes), to: store)
        cloud.state.apply(changes)
    }

    /// Appends `entry` after the store's latest version.
    static func append(_ entry: JournalEntry, to store: SQLiteStateStore) throws {
        let outcome = try store.append(entry, after: store.load().version)
        guard case .appended = outcome else { throw CocoaError(.fileWriteUnknown) }
    }

    @Test func whatIsCommittedIsWhatIsLoaded() throws {
        try Self.withDirectory { directory in
            var cloud = TestCloud()
            let store = try SQLiteStateStore(directory: directory)
            try Self.run(&cloud, store) { transaction in
                let vpc = try transaction.createVpc(
                    cidrBlock: "10.0.0.0/16", amazonProvidedIpv6CidrBlock: true,
                    tagSpecifications: [TagSpecification(resourceType: "vpc", tags: [CloudModel.Tag(key: "Name", value: "one")])])
                _ = try transaction.createSubnet(vpcId: vpc.id, cidrBlock: "10.0.1.0/24")
            }
            let reopened = try SQLiteStateStore(directory: directory).load().state
            #expect(reopened == cloud.state)
            #expect(reopened[TestCloud.scope].vpcs.count == 2)
        }
    }

    /// Rows written ahead of an append (`rows(of:)`, as a launch worked out aside writes them) are stored as the append
    /// would have written them; a change without one (nil) is written at the append, and they are matched by position.
    @Test func rowsWrittenAheadStoreWhatTheAppendWouldHave() throws {
        try Self.withDirectory { directory in
            var cloud = TestCloud()
            let store = try SQLiteStateStore(directory: directory)
            try Self.run(&cloud, store) { _ = try $0.createVpc(cidrBlock: "10.0.0.0/16") }
            let vpcs = try cloud.changes { transaction in
                for second in 1...3 { _ = try transaction.createVpc(cidrBlock: "10.\(second).0.0/16") }
            }
            let rows = try #require(try store.rows(of: vpcs))
            #expect(rows.count == vpcs.count)
            var mixed = rows
            mixed[0] = nil
            let outcome = try store.append(vpcs, rows: mixed, after: store.load().version)
            #expect(outcome == .appended(version: 3))
            cloud.state.apply(vpcs)
            #expect(try store.load().state == cloud.state)
            #expect(try SQLiteStateStore(directory: directory).load().state == cloud.state)
        }
    }

    /// A VPC with a /20 subnet, appended; the subnet's id.
    static func subnet(_ cloud: inout TestCloud, _ store: SQLiteStateStore) throws -> String {
        var subnetId = ""
        try run(&cloud, store) { subnetId = try $0.createSubnet(vpcId: $0.createVpc(cidrBlock: "10.0.0.0/16").id, cidrBlock: "10.0.0.0/20").id }
        return subnetId
    }

    /// A launch of `count` instances in `subnet`, staged in slices (not appended); its changes and batch.
    static func stagedLaunch(_ cloud: inout TestCloud, _ store: SQLiteStateStore, subnet: String, count: Int = 100) throws
        -> (changes: [ResourceChange], batch: StagedBatch)
    {
        let changes = try cloud.changes { transaction in
            _ = try transaction.runInstances(InstanceLaunch(imageId: "ami-0abcdef1234567890", maxCount: count, subnetId: subnet))
        }
        let rows = try #require(try store.rows(of: changes))
        let batch = StagedBatch(count: changes.count)
        for start in stride(from: 0, to: changes.count, by: SQLiteStateStore.sliceSize) {
            let range = start..<min(start + SQLiteStateStore.sliceSize, changes.count)
            try store.stage(changes[range], rows: rows[range], in: batch)
        }
        return (changes, batch)
    }

    /// A staged batch is read by nobody until it is appended; batches appended meanwhile go straight to the resource
    /// table. Once it is appended, start-up reads the resource table and what is published over it, in order: the same
    /// state before, during and after the fold, with batches appended behind it staged and published behind it.
    @Test func aStagedBatchIsReadOnlyOnceAppendedAndLoadsTheSameBeforeDuringAndAfterItsFold() throws {
        try Self.withDirectory { directory in
            var cloud = TestCloud()
            let store = try SQLiteStateStore(directory: directory)
            let subnet = try Self.subnet(&cloud, store)
            let (launch, batch) = try Self.stagedLaunch(&cloud, store, subnet: subnet)
            #expect(try Self.count(directory, "staged_change") == launch.count)
            // Appended while the launch is staged (another region's command): straight to the resource table.
            try Self.run(&cloud, store) { _ = try $0.createVpc(cidrBlock: "10.1.0.0/16") }
            #expect(try Self.count(directory, "staged_change") == launch.count)
            #expect(try store.load().state == cloud.state, "not read yet")
            #expect(try store.append(staged: batch, after: store.load().version) == .appended(version: 4))
            cloud.state.apply(launch)
            let ids = cloud.state[TestCloud.scope].instances.keys.sorted()
            // Behind it: staged and published too, so the fold cannot write an older version over them. The same
            // instance changed twice.
            try Self.run(&cloud, store) { _ = try $0.terminateInstances([ids[0]]) }
            try Self.run(&cloud, store) { try $0.createTags(resourceIds: [ids[1]], tags: [CloudModel.Tag(key: "k", value: "v")]) }
            try Self.run(&cloud, store) { try $0.deleteTags(resourceIds: [ids[1]], tags: [(key: "k", value: nil)]) }
            let staged = try Self.count(directory, "staged_change")
            #expect(staged > launch.count)
            #expect(try SQLiteStateStore(directory: directory).load().state == cloud.state)
            try store.foldStaged(slices: 1)
            #expect(try Self.count(directory, "staged_change") == staged - SQLiteStateStore.sliceSize)
            #expect(try SQLiteStateStore(directory: directory).load().state == cloud.state, "partly folded")
            try store.foldStaged()
            #expect(try Self.count(directory, "staged_change") == 0)
            #expect(try Self.count(directory, "published_batch") == 0)
            #expect(try SQLiteStateStore(directory: directory).load().state == cloud.state)
            #expect(try Self.count(directory, "resource") == cloud.state.regions.values.map(\.resourceCount).reduce(0, +))
            // With nothing published left, a batch goes straight to the resource table again.
            try Self.run(&cloud, store) { _ = try $0.createVpc(cidrBlock: "10.2.0.0/16") }
            #expect(try Self.count(directory, "staged_change") == 0)
            #expect(try SQLiteStateStore(directory: directory).load().state == cloud.state)
        }
    }

    /// What a stopped process staged and never appended is dropped when the store is opened again, and a batch whose
    /// staged changes are not all there is refused, writing nothing.
    @Test func aBatchStagedAndNeverAppendedIsDropped() throws {
        try Self.withDirectory { directory in
            var cloud = TestCloud()
            let store = try SQLiteStateStore(directory: directory)
            let subnet = try Self.subnet(&cloud, store)
            let before = cloud.state
            let (_, batch) = try Self.stagedLaunch(&cloud, store, subnet: subnet)
            let reopened = try SQLiteStateStore(directory: directory)
            #expect(try Self.count(directory, "staged_change") == 0)
            #expect(try reopened.load().state == before)
            #expect(throws: (any Error).self) { try store.append(staged: batch, after: 2) }
            #expect(try reopened.load().state == before)
            #expect(try reopened.load().version == 2)
            // Discarded: the same.
            let (_, discarded) = try Self.stagedLaunch(&cloud, reopened, subnet: subnet)
            try reopened.discard(discarded)
            #expect(try Self.count(directory, "staged_change") == 0)
        }
    }

    /// A change that a later published change of the same resource overwrites or deletes is never written to the
    /// resource table: a launch terminated before its fold writes its instances once (terminated), its network
    /// interfaces not at all; the state read back is the same before, during and after the fold, reopened or not.
    @Test func aFoldSkipsWhatALaterChangeOverwrites() throws {
        try Self.withDirectory { directory in
            var cloud = TestCloud()
            let store = try SQLiteStateStore(directory: directory)
            let subnet = try Self.subnet(&cloud, store)
            let (launch, batch) = try Self.stagedLaunch(&cloud, store, subnet: subnet, count: 40)
            #expect(try store.append(staged: batch, after: 2) == .appended(version: 3))
            cloud.state.apply(launch)
            let ids = cloud.state[TestCloud.scope].instances.keys.sorted()
            // Staged and published behind the launch: terminated, and tagged twice.
            try Self.run(&cloud, store) { _ = try $0.terminateInstances(ids) }
            try Self.run(&cloud, store) { try $0.createTags(resourceIds: [ids[0]], tags: [CloudModel.Tag(key: "k", value: "1")]) }
            try Self.run(&cloud, store) { try $0.createTags(resourceIds: [ids[0]], tags: [CloudModel.Tag(key: "k", value: "2")]) }
            #expect(try store.unfoldedCount == Self.count(directory, "staged_change"))
            // Every write to the resource table from here on, counted by the database itself.
            let database = try DatabaseQueue(path: directory.appendingPathComponent(SQLiteStateStore.fileName).path)
            try database.write { db in
                try db.execute(sql: "CREATE TABLE test_writes (id TEXT)")
                try db.execute(sql: "CREATE TRIGGER test_put AFTER INSERT ON resource BEGIN INSERT INTO test_writes VALUES (new.id); END")
            }
            try store.foldStaged(slices: 1)
            #expect(try SQLiteStateStore(directory: directory).load().state == cloud.state, "partly folded")
            try store.foldStaged()
            #expect(store.unfoldedCount == 0)
            #expect(try Self.count(directory, "staged_change") == 0)
            #expect(try SQLiteStateStore(directory: directory).load().state == cloud.state)
            let written = try database.read { db in try String.fetchAll(db, sql: "SELECT id FROM test_writes") }
            #expect(Set(written) == Set(ids), "each instance once, terminated; nothing of what the termination deleted")
            #expect(written.count == ids.count)
            #expect(try Self.count(directory, "resource") == cloud.state.regions.values.map(\.resourceCount).reduce(0, +))
        }
    }

    /// What a store remembers about changes not yet folded is a hint: a change is skipped only when the database
    /// holds the later one. Another process on the same file folds what this one published; this one's fold then
    /// writes what is published after, skipping nothing it should not.
    @Test func aFoldByAnotherProcessLeavesNothingSkippedWrongly() throws {
        try Self.withDirectory { directory in
            var cloud = TestCloud()
            let store = try SQLiteStateStore(directory: directory)
            let subnet = try Self.subnet(&cloud, store)
            let (launch, batch) = try Self.stagedLaunch(&cloud, store, subnet: subnet, count: 10)
            #expect(try store.append(staged: batch, after: 2) == .appended(version: 3))
            cloud.state.apply(launch)
            let ids = cloud.state[TestCloud.scope].instances.keys.sorted()
            try Self.run(&cloud, store) { try $0.createTags(resourceIds: [ids[0]], tags: [CloudModel.Tag(key: "k", value: "1")]) }
            // Another process folds everything: the positions this one remembers are gone, and are used again.
            try SQLiteStateStore(directory: directory).foldStaged()
            #expect(try Self.count(directory, "staged_change") == 0)
            let (second, secondBatch) = try Self.stagedLaunch(&cloud, store, subnet: subnet, count: 2)
            #expect(try store.append(staged: secondBatch, after: 4) == .appended(version: 5))
            cloud.state.apply(second)
            // Staged behind the second launch, at a position below the one this process remembers for the resource.
            try Self.run(&cloud, store) { try $0.createTags(resourceIds: [ids[0]], tags: [CloudModel.Tag(key: "k", value: "2")]) }
            try Self.run(&cloud, store) { _ = try $0.terminateInstances([ids[1]]) }
            try store.foldStaged()
            #expect(try SQLiteStateStore(directory: directory).load().state == cloud.state)
            #expect(try Self.count(directory, "resource") == cloud.state.regions.values.map(\.resourceCount).reduce(0, +))
        }
    }

    /// A batch of no changes appended behind published ones leaves nothing behind once everything is folded: the next
    /// batch goes straight to the resource table again.
    @Test func anEmptyBatchBehindOthersGoesWithTheFold() throws {
        try Self.withDirectory { directory in
            var cloud = TestCloud()
            let store = try SQLiteStateStore(directory: directory)
            let subnet = try Self.subnet(&cloud, store)
            let (launch, batch) = try Self.stagedLaunch(&cloud, store, subnet: subnet, count: 5)
            #expect(try store.append(staged: batch, after: 2) == .appended(version: 3))
            cloud.state.apply(launch)
            try Self.append(.changes([]), to: store)
            try store.foldStaged()
            #expect(try Self.count(directory, "published_batch") == 0)
            try Self.run(&cloud, store) { _ = try $0.createVpc(cidrBlock: "10.3.0.0/16") }
            #expect(try Self.count(directory, "staged_change") == 0, "straight to the resource table")
            #expect(try SQLiteStateStore(directory: directory).load().state == cloud.state)
        }
    }

    /// A reset forgets what is staged and published too.
    @Test func aResetForgetsStagedChanges() throws {
        try Self.withDirectory { directory in
            var cloud = TestCloud()
            let store = try SQLiteStateStore(directory: directory)
            let subnet = try Self.subnet(&cloud, store)
            let (_, batch) = try Self.stagedLaunch(&cloud, store, subnet: subnet)
            _ = try store.append(staged: batch, after: 2)
            try Self.append(.reset, to: store)
            #expect(try Self.count(directory, "staged_change") == 0)
            #expect(try Self.count(directory, "published_batch") == 0)
            #expect(try SQLiteStateStore(directory: directory).load().state == CloudState())
        }
    }

    /// Rows in `table` of the store in `directory`, read through a connection of the test's own.
    static func count(_ directory: URL, _ table: String) throws -> Int {
        let database = try DatabaseQueue(path: directory.appendingPathComponent(SQLiteStateStore.fileName).path)
        return try database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0 }
    }

    @Test func deletesAndResetsAreDurable() throws {
        try Self.withDirectory { directory in
            var cloud = TestCloud()
            let store = try SQLiteStateStore(directory: directory, durability: .power)
            var vpcId = ""
            try Self.run(&cloud, store) { vpcId = try $0.createVpc(cidrBlock: "10.0.0.0/16").id }
            try Self.run(&cloud, store) { try $0.deleteVpc(vpcId) }
            let reopened = try SQLiteStateStore(directory: directory).load().state
            #expect(reopened == cloud.state)
            #expect(reopened[TestCloud.scope].vpcs[vpcId] == nil)
            try Self.append(.reset, to: store)
            #expect(try SQLiteStateStore(directory: directory).load().state == CloudState())
        }
    }

    /// Checkpoints run in the background every `commitsPerCheckpoint` commits; what was committed around them all
    /// reads back whole.
    @Test func commitsAcrossBackgroundCheckpointsAllReadBack() throws {
        try Self.withDirectory { directory in
            var cloud = TestCloud()
            let store = try SQLiteStateStore(directory: directory)
            for i in 0..<(SQLiteStateStore.commitsPerCheckpoint * 2 + 50) {
                try Self.run(&cloud, store) { _ = try $0.createVpc(cidrBlock: "10.\(i % 256).\(i / 256).0/24") }
            }
            #expect(try SQLiteStateStore(directory: directory).load().state == cloud.state)
        }
    }

    @Test func aDatabaseThatIsNotOursIsRefused() throws {
        try Self.withDirectory { directory in
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data("not a database".utf8).write(to: directory.appendingPathComponent(SQLiteStateStore.fileName))
            #expect(throws: (any Error).self) { try SQLiteStateStore(directory: directory) }
        }
    }

    /// The journal's head: each batch moves it on by one; a batch appended after an older version writes nothing and
    /// is told it is behind, as when another process appended to the same file first.
    @Test func aBatchAfterAnOlderVersionIsBehindAndWritesNothing() throws {
        try Self.withDirectory { directory in
            var cloud = TestCloud()
            let store = try SQLiteStateStore(directory: directory)
            try Self.run(&cloud, store) { _ = try $0.createVpc(cidrBlock: "10.0.0.0/16") }
            let head = try store.load().version
            #expect(head == 2)  // the region's activation, then the VPC
            let other = try SQLiteStateStore(directory: directory)
            let late = try cloud.changes { _ = try $0.createVpc(cidrBlock: "10.1.0.0/16") }
            #expect(try other.append(.changes(late), after: head - 1) == .behind)
            #expect(try store.load().state == cloud.state)
            #expect(try store.entries(after: head) == [])
            #expect(try store.entries(after: head - 1) == nil, "the store keeps no entries: a follower behind reloads")
            #expect(try other.append(.changes(late), after: head) == .appended(version: head + 1))
            #expect(try store.load().version == head + 1)
        }
    }

    @Test func theClockOffsetIsAnEntryAndAResetForgetsIt() throws {
        try Self.withDirectory { directory in
            let store = try SQLiteStateStore(directory: directory)
            #expect(try store.append(.clockOffset(3600), after: 0) == .appended(version: 1))
            #expect(try SQLiteStateStore(directory: directory).load().clockOffset == 3600)
            #expect(try store.append(.reset, after: 1) == .appended(version: 2))
            let reopened = try SQLiteStateStore(directory: directory).load()
            #expect(reopened.clockOffset == 0 && reopened.version == 2 && reopened.state == CloudState())
        }
    }
}
