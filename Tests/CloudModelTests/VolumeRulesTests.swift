import CloudModel
import TestSupport
import Testing

/// EBS volumes: the sizes and options AWS allows per type, the root volume every instance launches with, attaching and
/// detaching, and what terminating an instance does to its volumes.
struct VolumeRulesTests {
    @Test(
        arguments: [
            (8, "gp3", nil, nil), (0, "gp2", nil, "InvalidParameterValue"), (16385, "gp2", nil, "InvalidParameterValue"),
            (100, "st1", nil, "InvalidParameterValue"), (125, "st1", nil, nil), (10, "io1", nil, "MissingParameter"), (10, "io1", 500, nil),
            (10, "gp2", 300, "InvalidParameterCombination"), (10, "gp3", 2000, "InvalidParameterValue"),
            (10, "magnetic", nil, "InvalidParameterValue"),
        ] as [(Int, String, Int?, String?)])
    func createVolumeChecksSizeTypeAndIops(size: Int, type: String, iops: Int?, expectedCode: String?) {
        var cloud = TestCloud()
        let error = cloud.error {
            try $0.createVolume(.init(size: size, volumeType: type, iops: iops), availabilityZone: "us-east-1a")
        }
        #expect(error?.code == expectedCode)
    }

    @Test func aVolumeNeedsAZoneOfTheRegionAndASizeAndLocalVpcHasNoSnapshots() {
        var cloud = TestCloud()
        #expect(cloud.error { try $0.createVolume(.init(size: 8), availabilityZone: nil) }?.code == "MissingParameter")
        #expect(cloud.error { try $0.createVolume(.init(size: 8), availabilityZone: "eu-west-1a") }?.code == "InvalidZone.NotFound")
        #expect(cloud.error { try $0.createVolume(.init(), availabilityZone: "us-east-1a") }?.code == "MissingParameter")
        #expect(
            cloud.error { try $0.createVolume(.init(snapshotId: "snap-0123456789abcdef0"), availabilityZone: "us-east-1a") }?.code
                == "InvalidSnapshot.NotFound")
    }

    @Test func gp2IopsFollowTheSizeAndGp3HasABaseline() throws {
        var cloud = TestCloud()
        let small = try cloud.run { try $0.createVolume(.init(size: 10, volumeType: "gp2"), availabilityZone: "us-east-1a") }
        let large = try cloud.run { try $0.createVolume(.init(size: 1000, volumeType: "gp2"), availabilityZone: "us-east-1a") }
        let gp3 = try cloud.run { try $0.createVolume(.init(size: 10, volumeType: "gp3"), availabilityZone: "us-east-1a") }
        #expect([small.reportedIops, large.reportedIops, gp3.reportedIops] == [100, 3000, 3000])
        #expect(gp3.reportedThroughput == 125 && small.reportedThroughput == nil)
    }

    @Test func everyInstanceLaunchesWithItsRootVolumeAndTheMappingsItAsksFor() throws {
        var cloud = TestCloud()
        let mappings = [
            Transaction.BlockDeviceMappingRequest(deviceName: "/dev/xvda", volume: .init(size: 30)),
            Transaction.BlockDeviceMappingRequest(deviceName: "/dev/sdf", volume: .init(size: 200, volumeType: "st1"), deleteOnTermination: false),
        ]
        var launch = InstanceLaunch(imageId: "ami-12345678")
        launch.blockDeviceMappings = mappings
        let instance = try cloud.run { try $0.runInstances(launch) }[0]
        let volumes = cloud.state.volumes(of: instance)
        #expect(volumes.map { $0.attachment!.device } == ["/dev/xvda", "/dev/sdf"])
        #expect(
            volumes.map(\.size) == [30, 200] && volumes[0].volumeType == .gp3
                && volumes.allSatisfy { $0.availabilityZone == instance.availabilityZone })
        let plain = try cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678")) }[0]
        #expect(cloud.state.volumes(of: plain).map { "\($0.size) \($0.volumeType.rawValue)" } == ["8 gp3"])
        // Terminating deletes what is marked delete-on-termination and frees the rest.
        _ = try cloud.run { try $0.terminateInstances([instance.id]) }
        let left = cloud.state[TestCloud.scope].volumes
        #expect(left[volumes[0].id] == nil && left[volumes[1].id]?.attachment == nil)
    }

    @Test func attachAndDetachFollowAWSsRules() throws {
        var cloud = TestCloud()
        let instance = try cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678")) }[0]
        let zone = instance.availabilityZone
        let otherZone = zone == "us-east-1a" ? "us-east-1b" : "us-east-1a"
        let volume = try cloud.run { try $0.createVolume(.init(size: 10), availabilityZone: zone) }.id
        let elsewhere = try cloud.run { try $0.createVolume(.init(size: 10), availabilityZone: otherZone) }.id
        #expect(
            cloud.error { _ = try $0.attachVolume(elsewhere, instanceId: instance.id, device: "/dev/sdf") }?.code == "InvalidVolume.ZoneMismatch")
        #expect(cloud.error { _ = try $0.attachVolume(volume, instanceId: instance.id, device: "/dev/xvda") }?.code == "InvalidParameterValue")
        _ = try cloud.run { try $0.attachVolume(volume, instanceId: instance.id, device: "/dev/sdf") }
        #expect(cloud.error { _ = try $0.attachVolume(volume, instanceId: instance.id, device: "/dev/sdg") }?.code == "VolumeInUse")
        #expect(cloud.error { try $0.deleteVolume(volume) }?.code == "VolumeInUse")
        let root = cloud.state.volumes(of: instance)[0].id
        #expect(cloud.error { _ = try $0.detachVolume(root, instanceId: nil, device: nil) }?.code == "IncorrectState")
        _ = try cloud.run { try $0.detachVolume(volume, instanceId: instance.id, device: nil) }
        #expect(cloud.error { _ = try $0.detachVolume(volume, instanceId: nil, device: nil) }?.code == "IncorrectState")
        try cloud.run { try $0.deleteVolume(volume) }
        #expect(cloud.error { try $0.deleteVolume(volume) }?.code == "InvalidVolume.NotFound")
        // A stopped instance's root volume may be detached.
        _ = try cloud.run { try $0.stopInstances([instance.id]) }
        _ = try cloud.run { try $0.detachVolume(root, instanceId: nil, device: nil) }
    }
}
