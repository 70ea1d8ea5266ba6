import CloudModel
import Foundation
import TestSupport
import Testing

/// ModifyVolume: what a request leaves out keeps its value (IOPS with the type, throughput from gp3 to gp3), a volume
/// never shrinks, one modification at a time and four in any 24 hours, and the states DescribeVolumesModifications
/// reports as time passes.
struct VolumeModificationRulesTests {
    /// A volume of `type` and `size` (io1 and io2 with 1,000 IOPS), made at the cloud's now.
    private func volume(_ cloud: inout TestCloud, _ type: String, size: Int) throws -> String {
        let iops = type.hasPrefix("io") ? 1000 : nil
        return try cloud.run { try $0.createVolume(.init(size: size, volumeType: type, iops: iops), availabilityZone: "us-east-1a") }.id
    }

    /// (from type, to type, IOPS asked, throughput asked) → (IOPS, throughput) the volume then has.
    @Test(
        arguments: [
            ("gp2", "gp3", nil, nil, 3000, 125), ("gp3", "gp3", 6000, 500, 6000, 500), ("io1", "io1", nil, nil, 1000, nil),
            ("io1", "io2", nil, nil, 3000, nil), ("io1", "gp2", nil, nil, 300, nil), ("gp3", "io2", 4000, nil, 4000, nil),
        ] as [(String, String, Int?, Int?, Int, Int?)])
    func whatIsLeftOutKeepsItsValueOrTakesTheTypesDefault(
        from: String, to: String, iops: Int?, throughput: Int?, reportedIops: Int, reportedThroughput: Int?
    ) throws {
        var cloud = TestCloud()
        let id = try volume(&cloud, from, size: 100)
        let modified = try cloud.run { try $0.modifyVolume(id, .init(volumeType: to, iops: iops, throughput: throughput)) }
        #expect(modified.volumeType.rawValue == to)
        #expect(modified.reportedIops == reportedIops)
        #expect(modified.reportedThroughput == reportedThroughput)
        #expect(modified.modification?.original.volumeType.rawValue == from)
    }

    @Test func aVolumeNeverShrinksAndARefusalChangesNothing() throws {
        var cloud = TestCloud()
        let id = try volume(&cloud, "gp3", size: 100)
        #expect(cloud.error { try $0.modifyVolume(id, .init(size: 99)) }?.message == "New size cannot be smaller than existing size")
        #expect(cloud.error { try $0.modifyVolume(id, .init(volumeType: "st1")) }?.code == "InvalidParameterValue")
        #expect(cloud.error { try $0.modifyVolume(id, .init(iops: 60000)) }?.message.hasPrefix("Iops to volume size ratio") == true)
        let volume = cloud.state.get(Volume.self, id, in: TestCloud.scope)
        #expect(volume?.size == 100)
        #expect(volume?.modification == nil)
        #expect(try cloud.run { try $0.modifyVolume(id, .init(size: 100)) }.modification?.target.size == 100)
    }

    @Test func theModificationIsModifyingThenOptimizingThenCompleted() throws {
        var cloud = TestCloud()
        let id = try volume(&cloud, "gp2", size: 8)
        let start = cloud.now
        let modification = try #require(try cloud.run { try $0.modifyVolume(id, .init(size: 16)) }.modification)
        let at = { (seconds: TimeInterval) in start.addingTimeInterval(seconds) }
        #expect(modification.state(at: at(0)) == .modifying)
        #expect(modification.progress(at: at(0)) == 0)
        #expect(modification.state(at: at(3)) == .optimizing)
        #expect((1...99).contains(modification.progress(at: at(3))))
        #expect(modification.endTime(at: at(3)) == nil)
        #expect(modification.state(at: at(5)) == .completed)
        #expect(modification.progress(at: at(5)) == 100)
        #expect(modification.endTime(at: at(60)) == at(VolumeModification.completionTime))
    }

    @Test func oneModificationAtATimeAndFourInAnyDay() throws {
        var cloud = TestCloud()
        let id = try volume(&cloud, "gp3", size: 10)
        _ = try cloud.run { try $0.modifyVolume(id, .init(size: 11)) }
        #expect(
            cloud.error { try $0.modifyVolume(id, .init(size: 12)) }?.message == "Volume \(id) cannot be modified in modification state MODIFYING")
        cloud.now += 3
        #expect(cloud.error { try $0.modifyVolume(id, .init(size: 12)) }?.code == "IncorrectModificationState")
        for size in 12...14 {
            cloud.now += 10
            _ = try cloud.run { try $0.modifyVolume(id, .init(size: size)) }
        }
        cloud.now += 10
        #expect(cloud.error { try $0.modifyVolume(id, .init(size: 15)) }?.code == "VolumeModificationRateExceeded")
        // The first of the four leaves the window a day after it began.
        cloud.now += VolumeModification.day - 40
        #expect(try cloud.run { try $0.modifyVolume(id, .init(size: 15)) }.modification?.startsInLastDay.count == 4)
    }
}
