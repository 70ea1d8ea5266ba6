public import Foundation

/// An EBS volume (`vol-…`): an instance's root volume, or one made with CreateVolume, in one availability zone and
/// attached to at most one instance.
public struct Volume: IdentifiedResource, IdempotentlyCreated {
    public static var table: WritableKeyPath<RegionState, PersistentDictionary<String, Volume>> { \.volumes }
    public static let resourceType = "volume"
    public static let idKind = ResourceIdKind.volume
    public var resource: Resource { .volume(self) }
    public static func unwrap(_ resource: Resource) -> Self? {
        if case .volume(let value) = resource { value } else { nil }
    }

    public let id: String
    public let scope: AccountRegion
    public let availabilityZone: String
    /// The size in GiB.
    public internal(set) var size: Int
    public internal(set) var volumeType: VolumeType
    public internal(set) var iops: Int?
    public internal(set) var throughput: Int?
    public let encrypted: Bool
    public var attachment: Attachment?
    public var tags: TagSet
    public let createdAt: Date
    public var clientToken: String?
    public var requestFingerprint: String?
    /// The latest ModifyVolume, which DescribeVolumesModifications reports; absent until the first.
    public internal(set) var modification: VolumeModification?

    /// Volumes belong to a zone, not to a VPC.
    public var vpcId: String? { nil }
    public var attachedInstanceId: String? { attachment?.instanceId }

    /// `in-use` while attached, else `available`.
    public var state: String { attachment == nil ? "available" : "in-use" }

    public init(
        id: String, scope: AccountRegion, availabilityZone: String, size: Int, volumeType: VolumeType, iops: Int?, throughput: Int?,
        encrypted: Bool, tags: TagSet, createdAt: Date
    ) {
        self.id = id
        self.scope = scope
        self.availabilityZone = availabilityZone
        self.size = size
        self.volumeType = volumeType
        self.iops = iops
        self.throughput = throughput
        self.encrypted = encrypted
        self.tags = tags
        self.createdAt = createdAt
    }

    /// The EBS volume types and the sizes and performance AWS allows for each (CreateVolume in the API reference).
    public enum VolumeType: String, Sendable, Hashable, Codable, CaseIterable {
        case standard, gp2, gp3, io1, io2, st1, sc1

        /// The sizes in GiB a volume of this type may have.
        public var sizes: ClosedRange<Int> {
            switch self {
            case .standard: 1...1024
            case .gp2: 1...16384
            case .gp3: 1...65536
            case .io1: 4...16384
            case .io2: 4...65536
            case .st1, .sc1: 125...16384
            }
        }

        /// The provisioned IOPS a volume of this type may ask for, when it may ask.
        public var iopsRange: ClosedRange<Int>? {
            switch self {
            case .gp3: 3000...80000
            case .io1: 100...64000
            case .io2: 100...256_000
            default: nil
            }
        }

        /// The most IOPS a volume of this type may ask per GiB of its size ("Iops to volume size ratio of 80.000000 is
        /// too high; maximum is 50" for io1, as AWS answers it).
        public var iopsPerGiB: Int? {
            switch self {
            case .gp3: 500
            case .io1: 50
            case .io2: 1000
            default: nil
            }
        }
    }

    /// The volume's link to an instance, at a device name.
    public struct Attachment: Sendable, Hashable, Codable {
        public let instanceId: String
        public let device: String
        public let attachTime: Date
        public var deleteOnTermination: Bool

        public init(instanceId: String, device: String, attachTime: Date, deleteOnTermination: Bool) {
            self.instanceId = instanceId
            self.device = device
            self.attachTime = attachTime
            self.deleteOnTermination = deleteOnTermination
        }
    }
}

extension Volume {
    /// A gp3 volume's IOPS when it asks for none.
    public static let gp3BaselineIops = 3000
    /// The throughput in MiB/s a gp3 volume may ask for; 125 when it asks for none.
    public static let gp3Throughput = 125...2000

    /// The IOPS DescribeVolumes reports: a gp2 volume's follow its size (3 per GiB, 100 to 16,000), a gp3 one has a
    /// baseline of 3,000, and provisioned types report what was asked.
    public var reportedIops: Int? {
        switch volumeType {
        case .gp2: min(16000, max(100, 3 * size))
        case .gp3: iops ?? Self.gp3BaselineIops
        case .io1, .io2: iops
        default: nil
        }
    }

    /// The throughput in MiB/s DescribeVolumes reports: gp3 only, 125 unless asked.
    public var reportedThroughput: Int? { volumeType == .gp3 ? throughput ?? Self.gp3Throughput.lowerBound : nil }

    /// Whether AttachVolume takes `device` as the name of an EBS volume's device, the EC2 User Guide's names for
    /// instances of today (HVM): `/dev/sda1` (the root), `/dev/sd[a-z]`, `/dev/xvd[a-z]` and `/dev/xvd[a-d][a-z]`,
    /// and the `xvd` names without `/dev/` as Windows instances give them. Partitions (`/dev/sdf1`), `/dev/sd[a-z][a-z]`
    /// and `/dev/xvd[e-z][a-z]` are not, as AWS answers them.
    public static func isEBSDeviceName(_ device: String) -> Bool {
        let onDev = device.hasPrefix("/dev/")
        let name = Array(onDev ? device.dropFirst(5) : device[...])
        func letter(_ character: Character, _ letters: ClosedRange<Character> = "a"..."z") -> Bool { letters.contains(character) }
        if name.starts(with: "xvd") {
            switch name.count {
            case 4: return letter(name[3])
            case 5: return letter(name[3], "a"..."d") && letter(name[4])
            default: return false
            }
        }
        return onDev && (name == Array("sda1") || (name.count == 3 && name.starts(with: "sd") && letter(name[2])))
    }
}

extension CloudState {
    /// The volumes attached to `instance` as `BlockDeviceMappings` lists them: the root volume first, then by device name.
    public func volumes(of instance: Instance) -> [Volume] {
        func key(_ volume: Volume) -> (Int, String) {
            let device = volume.attachment?.device ?? ""
            return (device == instance.rootDeviceName ? 0 : 1, device)
        }
        let region = self[instance.scope]
        return (region.idsByInstance[instance.id] ?? []).compactMap { region.volumes[$0] }.sorted { key($0) < key($1) }
    }
}

extension Volume.VolumeType {
    /// The type a request names, or AWS's refusal.
    static func named(_ name: String) throws(EC2Error) -> Self {
        guard let type = Self(rawValue: name) else { throw .invalidVolumeType(name) }
        return type
    }
}

extension Volume {
    /// Refuses a size, IOPS and throughput that a volume of `type` may not have, as CreateVolume and ModifyVolume do.
    static func checkConfiguration(size: Int, type: VolumeType, iops: Int?, throughput: Int?) throws(EC2Error) {
        guard type.sizes.contains(size) else { throw .volumeSize(size, type) }
        switch (iops, type.iopsRange) {
        case (_?, nil): throw .iopsNotSupported(type)
        case (let iops?, let range?): guard range.contains(iops) else { throw .iopsOutOfRange(iops, range) }
        case (nil, _): if type == .io1 || type == .io2 { throw .iopsRequired(type) }
        }
        if let iops, let most = type.iopsPerGiB, iops > most * size { throw .iopsPerGiBTooHigh(iops: iops, size: size, most: most) }
        if throughput != nil, type != .gp3 { throw .throughputNotSupported(type) }
        if let throughput {
            guard gp3Throughput.contains(throughput) else { throw .throughputOutOfRange(throughput) }
            // Against the IOPS asked for, or gp3's baseline of 3,000.
            let iops = iops ?? gp3BaselineIops
            if throughput * 4 > iops { throw .throughputPerIopsTooHigh(throughput: throughput, iops: iops) }
        }
    }
}
