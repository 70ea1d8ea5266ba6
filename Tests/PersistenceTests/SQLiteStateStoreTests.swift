import CloudModel
import Foundation
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

    /// Runs `command` in `cloud` and commits the same changes to `store`, as the server does.
    static func run(_ cloud: inout TestCloud, _ store: SQLiteStateStore, _ command: (inout Transaction) throws -> Void) throws {
        if !cloud.state[TestCloud.scope].isActivated {
            let activation = try cloud.changes { $0.activateRegion() }
            try store.commit(activation)
            cloud.state.apply(activation)
        }
        let changes = try cloud.changes(command)
        try store.commit(changes)
        cloud.state.apply(changes)
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
            let reopened = try SQLiteStateStore(directory: directory).load()
            #expect(reopened == cloud.state)
            #expect(reopened[TestCloud.scope].vpcs.count == 2)
        }
    }

    @Test func deletesAndResetsAreDurable() throws {
        try Self.withDirectory { directory in
            var cloud = TestCloud()
            let store = try SQLiteStateStore(directory: directory, durability: .power)
            var vpcId = ""
            try Self.run(&cloud, store) { vpcId = try $0.createVpc(cidrBlock: "10.0.0.0/16").id }
            try Self.run(&cloud, store) { try $0.deleteVpc(vpcId) }
            let reopened = try SQLiteStateStore(directory: directory).load()
            #expect(reopened == cloud.state)
            #expect(reopened[TestCloud.scope].vpcs[vpcId] == nil)
            try store.reset()
            #expect(try SQLiteStateStore(directory: directory).load() == CloudState())
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
            #expect(try SQLiteStateStore(directory: directory).load() == cloud.state)
        }
    }

    @Test func aDatabaseThatIsNotOursIsRefused() throws {
        try Self.withDirectory { directory in
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data("not a database".utf8).write(to: directory.appendingPathComponent(SQLiteStateStore.fileName))
            #expect(throws: (any Error).self) { try SQLiteStateStore(directory: directory) }
        }
    }
}
