/// What an instance was launched with, and what calls since have changed, besides its type and network: metadata
/// and maintenance options, CPU credits, the protections against API stop and termination, monitoring, and the facts
/// of the image it runs.
///
/// Each field decodes to its default when absent, so state written before LocalVPC kept a field reads as what
/// LocalVPC showed then (AWS's defaults).
public struct InstanceConfiguration: Sendable, Hashable, Codable {
    public var metadataOptions = InstanceMetadataOptions()
    /// The CPU credit option the launch or ModifyInstanceCreditSpecification set; nil means the type's default.
    public var cpuCredits: CpuCredits?
    public var maintenanceOptions = InstanceMaintenanceOptions()
    /// `DisableApiTermination`: TerminateInstances refuses the instance while set.
    public var disableApiTermination = false
    /// `DisableApiStop`: StopInstances refuses the instance while set.
    public var disableApiStop = false
    /// `InstanceInitiatedShutdownBehavior`: what a shutdown from inside the instance does.
    public var shutdownBehavior = ShutdownBehavior.stop
    public var ebsOptimized = false
    /// Detailed monitoring (`Monitoring.State`).
    public var monitoring = false
    /// The image's architecture (`x86_64`, `arm64`).
    public var architecture = InstancePlatform.architecture
    /// The device name of the root volume, the image's.
    public var rootDeviceName = InstancePlatform.rootDeviceName

    public init() {}

    /// The two CPU credit options of burstable instances.
    public enum CpuCredits: String, Sendable, Hashable, Codable, CaseIterable {
        case standard, unlimited

        /// The option `text` names, or AWS's refusal.
        public static func parse(_ text: String) throws(EC2Error) -> CpuCredits {
            guard let value = CpuCredits(rawValue: text) else {
                throw .invalidEnumValue(text, parameter: "CpuCredits", allowed: allCases.map(\.rawValue))
            }
            return value
        }
    }

    /// `InstanceInitiatedShutdownBehavior`.
    public enum ShutdownBehavior: String, Sendable, Hashable, Codable, CaseIterable {
        case stop, terminate

        /// The behaviour `text` names, or AWS's refusal.
        public static func parse(_ text: String) throws(EC2Error) -> ShutdownBehavior {
            guard let value = ShutdownBehavior(rawValue: text) else {
                throw .invalidEnumValue(text, parameter: "InstanceInitiatedShutdownBehavior", allowed: allCases.map(\.rawValue))
            }
            return value
        }
    }

    enum CodingKeys: String, CodingKey {
        case metadataOptions, cpuCredits, maintenanceOptions, disableApiTermination, disableApiStop, shutdownBehavior, ebsOptimized, monitoring
        case architecture, rootDeviceName
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = InstanceConfiguration()
        metadataOptions = try container.decodeIfPresent(InstanceMetadataOptions.self, forKey: .metadataOptions) ?? defaults.metadataOptions
        cpuCredits = try container.decodeIfPresent(CpuCredits.self, forKey: .cpuCredits)
        maintenanceOptions =
            try container.decodeIfPresent(InstanceMaintenanceOptions.self, forKey: .maintenanceOptions) ?? defaults.maintenanceOptions
        disableApiTermination = try container.decodeIfPresent(Bool.self, forKey: .disableApiTermination) ?? defaults.disableApiTermination
        disableApiStop = try container.decodeIfPresent(Bool.self, forKey: .disableApiStop) ?? defaults.disableApiStop
        shutdownBehavior = try container.decodeIfPresent(ShutdownBehavior.self, forKey: .shutdownBehavior) ?? defaults.shutdownBehavior
        ebsOptimized = try container.decodeIfPresent(Bool.self, forKey: .ebsOptimized) ?? defaults.ebsOptimized
        monitoring = try container.decodeIfPresent(Bool.self, forKey: .monitoring) ?? defaults.monitoring
        architecture = try container.decodeIfPresent(String.self, forKey: .architecture) ?? defaults.architecture
        rootDeviceName = try container.decodeIfPresent(String.self, forKey: .rootDeviceName) ?? defaults.rootDeviceName
    }
}
