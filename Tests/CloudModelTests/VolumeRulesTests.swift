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

    /// The limits of the API reference's CreateVolume today (gp3 up to 65,536 GiB, 80,000 IOPS and 2,000 MiB/s), and the
    /// ratios AWS checks: IOPS per GiB (gp3 500, io1 50, io2 1,000), and throughput per IOPS (0.25 MiB/s, against
    /// gp3's baseline of 3,000 when the request asks for no IOPS).
    @Test(
        arguments: [
            (65536, "gp3", nil, nil, nil), (100, "gp3", 20000, nil, nil), (100, "gp3", 8000, 2000, nil),
            (1, "gp3", 16000, nil, "Iops to volume size ratio of 16000.000000 is too high; maximum is 500"),
            (4, "io1", 64000, nil, "Iops to volume size ratio of 16000.000000 is too high; maximum is 50"), (4, "io1", 200, nil, nil),
            (20, "io2", 20001, nil, "Iops to volume size ratio of 1000.050000 is too high; maximum is 1000"), (20, "io2", 20000, nil, nil),
            (100, "gp3", 3000, 1000, "Throughput (MiBps) to iops ratio of 0.333333 is too high; maximum is 0.250000 MiBps per iops"),
            (100, "gp3", nil, 751, "Throughput (MiBps) to iops ratio of 0.250333 is too high; maximum is 0.250000 MiBps per iops"),
            (100, "gp3", nil, 750, nil),
        ] as [(Int, String, Int?, Int?, String?)])
    func createVolumeChecksPerformanceAgainstSize(size: Int, type: String, iops: Int?, throughput: Int?, expectedMessage: String?) {
        var cloud = TestCloud()
        let error = cloud.error {
            try $0.createVolume(.init(size: size, volumeType: type, iops: iops, throughput: throughput), availabilityZone: "us-east-1a")
        }
        #expect(error?.message == expectedMessage)
        #expect(error.map { $0.code == "InvalidParameterValue" } ?? true)
    }

    @Test(
        arguments: [
            ("/dev/sdf", true), ("/dev/sda1", true), ("/dev/xvdf", true), ("/dev/xvdba", true), ("/dev/xvddz", true), ("xvdg", true),
            ("xvdcz", true), ("/dev/sdf1", false), ("/dev/sdba", false), ("/dev/xvdeo", false), ("/dev/foo", false), ("/dev/", false),
            ("/dev/sdF", false), ("xvdg1", false), ("sdf", false),
        ])
    func onlyEBSDeviceNamesAttach(device: String, valid: Bool) {
        #expect(Volume.isEBSDeviceName(device) == valid)
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
        #expect(
            cloud.error { _ = try $0.attachVolume(volume, instanceId: instance.id, device: "/dev/sdf1") }?.message
                == "Value (/dev/sdf1) for parameter device is invalid. /dev/sdf1 is not a valid EBS device name.")
        #expect(
            cloud.error { _ = try $0.attachVolume(volume, instanceId: instance.id, device: "sdf") }?.message
                == "Invalid value 'sdf' for unixDevice. Attachment point sdf is not valid")
        _ = try cloud.run { try $0.attachVolume(volume, instanceId: instance.id, device: "/dev/sdf") }
        #expect(cloud.error { _ = try $0.attachVolume(volume, instanceId: instance.id, device: "/dev/sdg") }?.code == "VolumeInUse")
        #expect(cloud.error { try $0.deleteVolume(volume) }?.code == "VolumeInUse")
        let root = cloud.state.volumes(of: instance)[0].id
        #expect(cloud.error { _ = try $0.detachVolume(root, instanceId: nil, device: nil) }?.code == "IncorrectState")
        _ = try cloud.run { try $0.detachVolume(volume, instanceId: instance.id, device: nil) }
        #expect(cloud.error { _ = try $0.detachVolume(volume, instanceId: nil, device: nil) }?.code == "IncorrectState")
        try cloud.run { try $0.deleteVolume(volume) }
        #expect(cloud.error { try $0.deleteVolume(volume) }?.code == "InvalidVolume.NotFound")
        // A stopped instance's root volume may be detached; it does not start without it, nor with it at another name.
        _ = try cloud.run { try $0.stopInstances([instance.id]) }
        _ = try cloud.run { try $0.detachVolume(root, instanceId: nil, device: nil) }
        let noRoot = "Invalid value '\(instance.id)' for instanceId. Instance does not have a volume attached at root (/dev/xvda)."
        #expect(cloud.error { _ = try $0.startInstances([instance.id]) }?.message == noRoot)
        _ = try cloud.run { try $0.attachVolume(root, instanceId: instance.id, device: "/dev/sdf") }
        #expect(cloud.error { _ = try $0.startInstances([instance.id]) }?.message == noRoot)
        _ = try cloud.run { try $0.detachVolume(root, instanceId: nil, device: nil) }
        _ = try cloud.run { try $0.attachVolume(root, instanceId: instance.id, device: "/dev/xvda") }
        _ = try cloud.run { try $0.startInstances([instance.id]) }
    }
}
