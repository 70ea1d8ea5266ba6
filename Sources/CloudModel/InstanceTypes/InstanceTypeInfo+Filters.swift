/// DescribeInstanceTypes' filters: every name the EC2 API reference documents, each read from the table's cells.
extension InstanceTypeInfo {
    /// How a filter reads its value from a column.
    private enum Reading {
        case text(Column), bool(Column), list(Column), number(Column)
        case name, diskCount, diskSize, diskType
    }

    private static let filters: [String: Reading] = [
        "auto-recovery-supported": .bool(.autoRecoverySupported), "bare-metal": .bool(.bareMetal),
        "burstable-performance-supported": .bool(.burstablePerformanceSupported), "current-generation": .bool(.currentGeneration),
        "dedicated-hosts-supported": .bool(.dedicatedHostsSupported), "ebs-info.attachment-limit-type": .text(.ebsAttachmentLimitType),
        "ebs-info.maximum-ebs-attachments": .number(.ebsMaximumAttachments),
        "ebs-info.ebs-optimized-info.baseline-bandwidth-in-mbps": .number(.ebsBaselineBandwidthInMbps),
        "ebs-info.ebs-optimized-info.baseline-iops": .number(.ebsBaselineIops),
        "ebs-info.ebs-optimized-info.baseline-throughput-in-mbps": .number(.ebsBaselineThroughputInMBps),
        "ebs-info.ebs-optimized-info.maximum-bandwidth-in-mbps": .number(.ebsMaximumBandwidthInMbps),
        "ebs-info.ebs-optimized-info.maximum-iops": .number(.ebsMaximumIops),
        "ebs-info.ebs-optimized-info.maximum-throughput-in-mbps": .number(.ebsMaximumThroughputInMBps),
        "ebs-info.ebs-optimized-support": .text(.ebsOptimizedSupport), "ebs-info.encryption-support": .text(.ebsEncryptionSupport),
        "ebs-info.nvme-support": .text(.ebsNvmeSupport), "free-tier-eligible": .bool(.freeTierEligible),
        "hibernation-supported": .bool(.hibernationSupported), "hypervisor": .text(.hypervisor),
        "instance-storage-info.disk.count": .diskCount, "instance-storage-info.disk.size-in-gb": .diskSize,
        "instance-storage-info.disk.type": .diskType, "instance-storage-info.encryption-support": .text(.storageEncryptionSupport),
        "instance-storage-info.nvme-support": .text(.storageNvmeSupport), "instance-storage-info.total-size-in-gb": .number(.storageTotalSizeInGB),
        "instance-storage-supported": .bool(.instanceStorageSupported), "instance-type": .name,
        "memory-info.size-in-mib": .number(.memorySizeInMiB), "network-info.bandwidth-weightings": .list(.bandwidthWeightings),
        "network-info.efa-info.maximum-efa-interfaces": .number(.maximumEfaInterfaces), "network-info.efa-supported": .bool(.efaSupported),
        "network-info.ena-support": .text(.enaSupport), "network-info.flexible-ena-queues-support": .text(.flexibleEnaQueuesSupport),
        "network-info.encryption-in-transit-supported": .bool(.encryptionInTransitSupported),
        "network-info.ipv4-addresses-per-interface": .number(.ipv4AddressesPerInterface),
        "network-info.ipv6-addresses-per-interface": .number(.ipv6AddressesPerInterface), "network-info.ipv6-supported": .bool(.ipv6Supported),
        "network-info.maximum-network-cards": .number(.maximumNetworkCards),
        "network-info.maximum-network-interfaces": .number(.maximumNetworkInterfaces),
        "network-info.network-performance": .text(.networkPerformance), "nitro-enclaves-support": .text(.nitroEnclavesSupport),
        "nitro-tpm-support": .text(.nitroTpmSupport), "nitro-tpm-info.supported-versions": .list(.nitroTpmVersions),
        "processor-info.supported-architecture": .list(.architectures),
        "processor-info.sustained-clock-speed-in-ghz": .number(.sustainedClockSpeedInGhz),
        "processor-info.supported-features": .list(.processorFeatures), "reboot-migration-support": .text(.rebootMigrationSupport),
        "supported-boot-mode": .list(.supportedBootModes), "supported-root-device-type": .list(.supportedRootDeviceTypes),
        "supported-usage-class": .list(.supportedUsageClasses), "supported-virtualization-type": .list(.supportedVirtualizationTypes),
        "vcpu-info.default-cores": .number(.defaultCores), "vcpu-info.default-threads-per-core": .number(.defaultThreadsPerCore),
        "vcpu-info.default-vcpus": .number(.defaultVCpus), "vcpu-info.valid-cores": .list(.validCores),
        "vcpu-info.valid-threads-per-core": .list(.validThreadsPerCore),
    ]

    /// The filter names DescribeInstanceTypes documents.
    public static var filterNames: Set<String> { Set(filters.keys) }

    /// The values filter `name` sees for this type (nil for a name AWS does not document): booleans as
    /// `true`/`false`, lists one value each, numbers as written and, for whole numbers, also with `.0`.
    public func filterValues(_ name: String) -> [String]? {
        guard let reading = Self.filters[name] else { return nil }
        switch reading {
        case .name: return [self.name]
        case .text(let column): return text(column).map { [$0] } ?? []
        case .bool(let column): return bool(column).map { [$0 ? "true" : "false"] } ?? []
        case .list(let column): return list(column)
        case .number(let column):
            guard let value = text(column) else { return [] }
            return value.contains(".") ? [value] : [value, value + ".0"]
        case .diskCount: return disks.map { String($0.count) }
        case .diskSize: return disks.map { String($0.sizeInGB) }
        case .diskType: return disks.map(\.type)
        }
    }

    /// Whether the type passes every filter; the names were checked.
    func matches(_ filters: [Filter]) -> Bool {
        filters.allSatisfy { $0.matches(any: filterValues($0.name) ?? []) }
    }
}
