import CloudModel
import EC2Protocol

extension EC2.InstanceTypeInfo {
    /// The wire form of an instance type. GPU, FPGA, inference, media and Neuron accelerator details and the
    /// per-network-card limits are not in LocalVPC's table and stay absent.
    init(_ type: CloudModel.InstanceTypeInfo, supportedInRegion: Bool) {
        let disks = type.disks
        let optimized =
            type.text(.ebsBaselineBandwidthInMbps) == nil
            ? nil
            : EC2.EbsOptimizedInfo(
                baselineBandwidthInMbps: type.int(.ebsBaselineBandwidthInMbps), baselineThroughputInMBps: type.double(.ebsBaselineThroughputInMBps),
                baselineIops: type.int(.ebsBaselineIops), maximumBandwidthInMbps: type.int(.ebsMaximumBandwidthInMbps),
                maximumThroughputInMBps: type.double(.ebsMaximumThroughputInMBps), maximumIops: type.int(.ebsMaximumIops))
        let storage =
            type.bool(.instanceStorageSupported) == true
            ? EC2.InstanceStorageInfo(
                totalSizeInGB: type.int(.storageTotalSizeInGB),
                disks: disks.map { EC2.DiskInfo(sizeInGB: $0.sizeInGB, count: $0.count, type: $0.type) },
                nvmeSupport: type.text(.storageNvmeSupport), encryptionSupport: type.text(.storageEncryptionSupport))
            : nil
        self.init(
            instanceType: type.name, currentGeneration: type.bool(.currentGeneration), freeTierEligible: type.bool(.freeTierEligible),
            supportedUsageClasses: type.list(.supportedUsageClasses), supportedRootDeviceTypes: type.list(.supportedRootDeviceTypes),
            supportedVirtualizationTypes: type.list(.supportedVirtualizationTypes), bareMetal: type.bool(.bareMetal),
            hypervisor: type.text(.hypervisor),
            processorInfo: EC2.ProcessorInfo(
                supportedArchitectures: type.list(.architectures), sustainedClockSpeedInGhz: type.double(.sustainedClockSpeedInGhz),
                supportedFeatures: type.list(.processorFeatures).nonEmpty, manufacturer: type.text(.manufacturer)),
            vCpuInfo: EC2.VCpuInfo(
                defaultVCpus: type.int(.defaultVCpus), defaultCores: type.int(.defaultCores), defaultThreadsPerCore: type.int(.defaultThreadsPerCore),
                validCores: type.ints(.validCores).nonEmpty, validThreadsPerCore: type.ints(.validThreadsPerCore).nonEmpty),
            memoryInfo: EC2.MemoryInfo(sizeInMiB: type.int(.memorySizeInMiB)), instanceStorageSupported: type.bool(.instanceStorageSupported),
            instanceStorageInfo: storage,
            ebsInfo: EC2.EbsInfo(
                ebsOptimizedSupport: type.text(.ebsOptimizedSupport), encryptionSupport: type.text(.ebsEncryptionSupport),
                ebsOptimizedInfo: optimized, nvmeSupport: type.text(.ebsNvmeSupport), maximumEbsAttachments: type.int(.ebsMaximumAttachments),
                attachmentLimitType: type.text(.ebsAttachmentLimitType)),
            networkInfo: EC2.NetworkInfo(
                networkPerformance: type.text(.networkPerformance), maximumNetworkInterfaces: type.int(.maximumNetworkInterfaces),
                maximumNetworkCards: type.int(.maximumNetworkCards), defaultNetworkCardIndex: type.int(.defaultNetworkCardIndex),
                ipv4AddressesPerInterface: type.int(.ipv4AddressesPerInterface), ipv6AddressesPerInterface: type.int(.ipv6AddressesPerInterface),
                ipv6Supported: type.bool(.ipv6Supported), enaSupport: type.text(.enaSupport), efaSupported: type.bool(.efaSupported),
                efaInfo: type.int(.maximumEfaInterfaces).map { EC2.EfaInfo(maximumEfaInterfaces: $0) },
                encryptionInTransitSupported: type.bool(.encryptionInTransitSupported), enaSrdSupported: type.bool(.enaSrdSupported),
                bandwidthWeightings: type.list(.bandwidthWeightings).nonEmpty, flexibleEnaQueuesSupport: type.text(.flexibleEnaQueuesSupport)),
            placementGroupInfo: EC2.PlacementGroupInfo(supportedStrategies: type.list(.placementGroupStrategies)),
            hibernationSupported: type.bool(.hibernationSupported), burstablePerformanceSupported: type.bool(.burstablePerformanceSupported),
            dedicatedHostsSupported: type.bool(.dedicatedHostsSupported), autoRecoverySupported: type.bool(.autoRecoverySupported),
            supportedBootModes: type.list(.supportedBootModes), nitroEnclavesSupport: type.text(.nitroEnclavesSupport),
            nitroTpmSupport: type.text(.nitroTpmSupport),
            nitroTpmInfo: type.list(.nitroTpmVersions).nonEmpty.map { EC2.NitroTpmInfo(supportedVersions: $0) },
            phcSupport: type.text(.phcSupport), rebootMigrationSupport: type.text(.rebootMigrationSupport), supportedInRegion: supportedInRegion)
    }
}

extension Array {
    /// Nil for an empty list, so the wire omits a set AWS omits.
    fileprivate var nonEmpty: Self? { isEmpty ? nil : self }
}
