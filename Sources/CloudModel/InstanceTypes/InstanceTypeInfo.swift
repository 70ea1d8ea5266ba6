/// One EC2 instance type as AWS describes it: vCPUs, memory, architectures, network limits and the rest.
///
/// The values are AWS's own, captured by moto and compiled into `InstanceTypeCatalog` as text cells; typed
/// accessors read them for the wire, and the filters read the same cells, so what a client filters on is
/// exactly what it is shown.
public struct InstanceTypeInfo: Sendable, Hashable {
    /// The type's name, `t3.micro`.
    public let name: String
    /// One cell per `Column`, in `Column.allCases` order; empty when AWS omits the field.
    let cells: [String]
    /// The zone ids (`use1-az1`) where AWS offers the type, as a bit set over `InstanceTypeCatalog.zoneIds`.
    let offeredZoneBits: [UInt64]

    /// The table's columns, named as the generator (Tools/instance-types/generate.py) names them.
    public enum Column: String, CaseIterable, Sendable {
        case currentGeneration = "current-generation", freeTierEligible = "free-tier-eligible"
        case supportedUsageClasses = "supported-usage-classes", supportedRootDeviceTypes = "supported-root-device-types"
        case supportedVirtualizationTypes = "supported-virtualization-types", bareMetal = "bare-metal", hypervisor
        case architectures, sustainedClockSpeedInGhz = "sustained-clock-speed-in-ghz", manufacturer
        case processorFeatures = "processor-features", defaultVCpus = "default-vcpus", defaultCores = "default-cores"
        case defaultThreadsPerCore = "default-threads-per-core", validCores = "valid-cores", validThreadsPerCore = "valid-threads-per-core"
        case memorySizeInMiB = "memory-size-in-mib", instanceStorageSupported = "instance-storage-supported"
        case storageTotalSizeInGB = "storage-total-size-in-gb", storageDisks = "storage-disks", storageNvmeSupport = "storage-nvme-support"
        case storageEncryptionSupport = "storage-encryption-support", ebsOptimizedSupport = "ebs-optimized-support"
        case ebsEncryptionSupport = "ebs-encryption-support", ebsNvmeSupport = "ebs-nvme-support"
        case ebsAttachmentLimitType = "ebs-attachment-limit-type", ebsMaximumAttachments = "ebs-maximum-attachments"
        case ebsBaselineBandwidthInMbps = "ebs-baseline-bandwidth-in-mbps", ebsBaselineThroughputInMBps = "ebs-baseline-throughput-in-mbps"
        case ebsBaselineIops = "ebs-baseline-iops", ebsMaximumBandwidthInMbps = "ebs-maximum-bandwidth-in-mbps"
        case ebsMaximumThroughputInMBps = "ebs-maximum-throughput-in-mbps", ebsMaximumIops = "ebs-maximum-iops"
        case networkPerformance = "network-performance", maximumNetworkInterfaces = "maximum-network-interfaces"
        case maximumNetworkCards = "maximum-network-cards", defaultNetworkCardIndex = "default-network-card-index"
        case ipv4AddressesPerInterface = "ipv4-addresses-per-interface", ipv6AddressesPerInterface = "ipv6-addresses-per-interface"
        case ipv6Supported = "ipv6-supported", enaSupport = "ena-support", efaSupported = "efa-supported"
        case maximumEfaInterfaces = "maximum-efa-interfaces", encryptionInTransitSupported = "encryption-in-transit-supported"
        case enaSrdSupported = "ena-srd-supported", flexibleEnaQueuesSupport = "flexible-ena-queues-support"
        case bandwidthWeightings = "bandwidth-weightings", placementGroupStrategies = "placement-group-strategies"
        case hibernationSupported = "hibernation-supported", burstablePerformanceSupported = "burstable-performance-supported"
        case dedicatedHostsSupported = "dedicated-hosts-supported", autoRecoverySupported = "auto-recovery-supported"
        case supportedBootModes = "supported-boot-modes", nitroEnclavesSupport = "nitro-enclaves-support"
        case nitroTpmSupport = "nitro-tpm-support", nitroTpmVersions = "nitro-tpm-versions", phcSupport = "phc-support"
        case rebootMigrationSupport = "reboot-migration-support"

        /// The column's position in a row's cells.
        var index: Int { Self.indexes[self]! }
        private static let indexes = Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })
    }

    /// One local disk group of the instance store: `count` disks of `sizeInGB` of `type` (`ssd`, `hdd`).
    public struct Disk: Sendable, Hashable {
        public let count: Int
        public let sizeInGB: Int
        public let type: String
    }

    /// The cell's text, nil when AWS omits the field.
    public func text(_ column: Column) -> String? {
        let cell = cells[column.index]
        return cell.isEmpty ? nil : cell
    }

    public func bool(_ column: Column) -> Bool? { text(column).map { $0 == "1" } }
    public func int(_ column: Column) -> Int? { text(column).flatMap { Int($0) } }
    public func double(_ column: Column) -> Double? { text(column).flatMap { Double($0) } }
    public func list(_ column: Column) -> [String] { text(column)?.split(separator: ",").map(String.init) ?? [] }
    public func ints(_ column: Column) -> [Int] { list(column).compactMap { Int($0) } }

    /// The instance store's disks (`1x75:ssd` in the table).
    public var disks: [Disk] {
        list(.storageDisks).compactMap { group in
            let parts = group.split(whereSeparator: { $0 == "x" || $0 == ":" })
            guard parts.count == 3, let count = Int(parts[0]), let size = Int(parts[1]) else { return nil }
            return Disk(count: count, sizeInGB: size, type: String(parts[2]))
        }
    }

    /// The vCPUs an instance of this type has by default (the number RunInstances users read).
    public var defaultVCpus: Int { int(.defaultVCpus) ?? 0 }
    /// The type's memory, in MiB.
    public var memorySizeInMiB: Int { int(.memorySizeInMiB) ?? 0 }
    /// How many network interfaces an instance of this type can have.
    public var maximumNetworkInterfaces: Int { int(.maximumNetworkInterfaces) ?? 0 }
    /// How many private IPv4 addresses each interface can have (the primary included).
    public var ipv4AddressesPerInterface: Int { int(.ipv4AddressesPerInterface) ?? 0 }
    /// How many IPv6 addresses each interface can have (0 for a type without IPv6).
    public var ipv6AddressesPerInterface: Int { int(.ipv6AddressesPerInterface) ?? 0 }

    /// Whether AWS offers the type in the zone with id `zoneId`.
    public func isOffered(inZoneId zoneId: String) -> Bool {
        guard let bit = InstanceTypeCatalog.zoneBit[zoneId] else { return false }
        return offeredZoneBits[bit / 64] & (1 << UInt64(bit % 64)) != 0
    }

    /// Whether AWS offers the type in any zone of `region`.
    public func isOffered(inRegion region: String) -> Bool {
        RegionCatalog.region(named: region)?.zones.contains { isOffered(inZoneId: $0.zoneId) } ?? false
    }
}
