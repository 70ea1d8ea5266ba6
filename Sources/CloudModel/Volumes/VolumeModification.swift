public import Foundation

/// A change of an EBS volume's size, type or performance (ModifyVolume), as DescribeVolumesModifications reports it:
/// `modifying` for a moment, then `optimizing`, then `completed`.
///
/// The state is computed from the injected clock rather than stored, as interface endpoints' and transit gateways'
/// are. AWS takes seconds to reach `optimizing` and minutes to hours to complete; LocalVPC keeps the states a client
/// sees right after the call and completes by the time Terraform's waiter (30 seconds after the call) first looks.
/// The volume itself reports its new size and performance from the call on, where AWS reports the size once the
/// modification is `optimizing`.
public struct VolumeModification: Sendable, Hashable, Codable {
    /// What a volume reports: its size, type, IOPS and throughput.
    public struct Configuration: Sendable, Hashable, Codable {
        public let size: Int
        public let volumeType: Volume.VolumeType
        public let iops: Int?
        public let throughput: Int?

        init(_ volume: Volume) {
            size = volume.size
            volumeType = volume.volumeType
            iops = volume.reportedIops
            throughput = volume.reportedThroughput
        }
    }

    public enum State: String, Sendable {
        case modifying, optimizing, completed
    }

    public let original: Configuration
    public let target: Configuration
    public let startTime: Date
    /// When each modification of the volume in the day before this one's start began, this one's included: AWS
    /// allows four in any 24 hours.
    public let startsInLastDay: [Date]

    /// How long a modification is `modifying`.
    public static let modifyingTime: TimeInterval = 2
    /// How long after its start a modification is `completed`.
    public static let completionTime: TimeInterval = 5
    /// How many modifications AWS allows a volume in any 24 hours, and that window.
    public static let perDay = 4
    public static let day: TimeInterval = 24 * 3600

    public func state(at now: Date) -> State {
        let elapsed = now.timeIntervalSince(startTime)
        if elapsed < Self.modifyingTime { return .modifying }
        return elapsed < Self.completionTime ? .optimizing : .completed
    }

    /// Percent complete: 0 while `modifying`, rising through `optimizing`, 100 once `completed`.
    public func progress(at now: Date) -> Int {
        let elapsed = now.timeIntervalSince(startTime) - Self.modifyingTime
        guard elapsed > 0 else { return 0 }
        return min(100, Int(100 * elapsed / (Self.completionTime - Self.modifyingTime)))
    }

    /// When it completed, once it has.
    public func endTime(at now: Date) -> Date? {
        state(at: now) == .completed ? startTime.addingTimeInterval(Self.completionTime) : nil
    }

    /// The starts that still count against the limit at `now`, oldest first.
    func startsCounting(at now: Date) -> [Date] {
        startsInLastDay.filter { now.timeIntervalSince($0) < Self.day }
    }
}
