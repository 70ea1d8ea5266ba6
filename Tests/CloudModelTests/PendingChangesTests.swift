import Addressing
import Foundation
import TestSupport
import Testing

@testable import CloudModel

/// `PendingChanges.lay(under:)`: a layer put under another is what laying both, in order, would have made.
struct PendingChangesTests {
    /// A VPC with a subnet that maps public addresses, and two instances already running.
    struct Fixture {
        var cloud = TestCloud()
        let subnetId: String
        let running: [Instance]

        init() throws {
            let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
            let subnet = try cloud.run { try $0.createSubnet(vpcId: vpc.id, cidrBlock: "10.0.1.0/24") }
            subnetId = subnet.id
            try cloud.run { try $0.modifySubnetAttribute(subnet.id, .mapPublicIpOnLaunch(true)) }
            let launch = InstanceLaunch(imageId: "ami-12345678", minCount: 2, maxCount: 2, subnetId: subnet.id)
            running = try cloud.run { try $0.runInstances(launch) }
        }

        /// What `command` changes, run over `laid` on the state as it is.
        func changes(over laid: PendingChanges, _ command: (inout Transaction) throws -> Void) throws -> Transaction {
            var transaction = Transaction(base: cloud.state, laid: laid, scope: TestCloud.scope, now: Date())
            try command(&transaction)
            return transaction
        }
    }

    @Test func aLayerPutUnderAnotherIsWhatLayingBothInOrderMakes() throws {
        let f = try Fixture()
        let (subnetId, first, second) = (f.subnetId, f.running[0].id, f.running[1].id)
        // Earlier: a tag on the first instance, the second terminated, one more launched.
        let earlier = try f.changes(over: PendingChanges()) { transaction in
            try transaction.createTags(resourceIds: [first], tags: [Tag(key: "Name", value: "earlier")])
            _ = try transaction.terminateInstances([second])
            _ = try transaction.runInstances(InstanceLaunch(imageId: "ami-12345678", minCount: 1, maxCount: 1, subnetId: subnetId))
        }
        // Later, worked out over the earlier layer: the first instance terminated, three more launched.
        let later = try f.changes(over: earlier.laidChanges) { transaction in
            _ = try transaction.terminateInstances([first])
            _ = try transaction.runInstances(InstanceLaunch(imageId: "ami-12345678", minCount: 3, maxCount: 3, subnetId: subnetId))
        }

        var sequential = PendingChanges()
        sequential.lay(earlier.changes, over: f.cloud.state)
        sequential.lay(later.changes, over: f.cloud.state)
        var merged = later.laidChanges
        merged.lay(under: earlier.laidChanges)

        #expect(merged.changes == sequential.changes, "the same resources, each at its last version, in the order first laid")
        #expect(merged.order == sequential.order)
        #expect(merged.count == sequential.count)
        #expect(merged.publicIps == sequential.publicIps)
        #expect(merged.idsByType == sequential.idsByType)
        #expect(merged.idsByInstance == sequential.idsByInstance)
        #expect(merged.scopes == sequential.scopes)
    }

    @Test func anEmptyLayerOnEitherSideChangesNothing() throws {
        let f = try Fixture()
        let first = f.running[0].id
        let tagged = try f.changes(over: PendingChanges()) { transaction in
            try transaction.createTags(resourceIds: [first], tags: [Tag(key: "Name", value: "x")])
        }
        var over = tagged.laidChanges
        over.lay(under: PendingChanges())
        var under = PendingChanges()
        under.lay(under: tagged.laidChanges)
        #expect(over.changes == tagged.changes)
        #expect(under.changes == tagged.changes)
    }
}
