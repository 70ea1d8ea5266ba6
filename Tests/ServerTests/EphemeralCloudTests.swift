import CloudModel
import Foundation
import Persistence
import Testing

@testable import Server

/// A cloud over the store of `serve --ephemeral`, which keeps only the journal's head: everything the write queue does
/// (small batches, a launch that flies aside, the clock, a reset) works on it, and the state is the service's own.
struct EphemeralCloudTests {
    static let scope = CloudServiceAsideTests.scope
    static let image = CloudServiceAsideTests.image

    @Test func writesLaunchesTheClockAndAResetWorkOverAStoreThatKeepsOnlyTheHead() async throws {
        let cloud = try CloudService(store: EphemeralStateStore())
        let subnet = try await CloudServiceAsideTests.subnet("10.0.0.0/20", in: cloud)
        let launched = try await cloud.performAside(in: Self.scope) { transaction throws(EC2Error) in
            try transaction.runInstances(InstanceLaunch(imageId: Self.image, maxCount: 300, subnetId: subnet))
        }
        #expect(launched.count == 300)
        #expect(cloud.snapshot()[Self.scope].instances.count == 300)
        let vpc = try await cloud.perform(in: Self.scope) { transaction throws(EC2Error) in try transaction.createVpc(cidrBlock: "10.1.0.0/16").id }
        #expect(cloud.snapshot()[Self.scope].vpcs[vpc] != nil)
        let now = try await cloud.advanceClock(by: 3600)
        #expect(now.timeIntervalSinceNow > 3500)
        try await cloud.reset()
        #expect(cloud.snapshot()[Self.scope].instances.isEmpty && cloud.snapshot()[Self.scope].vpcs.isEmpty)
        #expect(cloud.clock.offset == 0)
        _ = try await cloud.perform(in: Self.scope) { transaction throws(EC2Error) in try transaction.createVpc(cidrBlock: "10.2.0.0/16") }
        #expect(cloud.snapshot()[Self.scope].vpcs.count == 2, "the region's default VPC made again, and the new one")
    }
}
