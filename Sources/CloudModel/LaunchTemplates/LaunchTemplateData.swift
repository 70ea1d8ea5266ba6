import Foundation

/// What one launch template version says about the instances launched from it: the launch parameters LocalVPC
/// models. Every field is optional, because a version says only what it says and the launch request fills the rest.
public struct LaunchTemplateData: Sendable, Hashable, Codable {
    public var imageId: String?
    public var instanceType: String?
    public var keyName: String?
    public var userData: String?
    public var securityGroupIds: [String]?
    public var securityGroups: [String]?
    public var availabilityZone: String?
    public var networkInterfaces: [NetworkInterface]?
    public var blockDeviceMappings: [BlockDevice]?
    public var tagSpecifications: [TagSpecificationData]?
    // Kept and shown as given, and given to the instances launched from the version (IAM instance profiles aside:
    // LocalVPC has no IAM).
    public var ebsOptimized: Bool?
    public var disableApiTermination: Bool?
    public var disableApiStop: Bool?
    public var instanceInitiatedShutdownBehavior: String?
    public var monitoringEnabled: Bool?
    public var iamInstanceProfileArn: String?
    public var iamInstanceProfileName: String?
    public var metadataHttpTokens: String?
    public var metadataHttpPutResponseHopLimit: Int?
    public var metadataHttpEndpoint: String?
    public var metadataHttpProtocolIpv6: String?
    public var metadataInstanceMetadataTags: String?
    public var cpuCredits: String?
    /// `MaintenanceOptions.AutoRecovery`.
    public var autoRecovery: String?

    public init() {}

    /// A network interface a version describes.
    public struct NetworkInterface: Sendable, Hashable, Codable {
        public var deviceIndex: Int?
        public var subnetId: String?
        public var groups: [String]?
        public var associatePublicIpAddress: Bool?
        public var deleteOnTermination: Bool?
        public var description: String?
        public var privateIpAddress: String?
        public var secondaryPrivateIpAddressCount: Int?
        public var ipv6AddressCount: Int?

        public init() {}
    }

    /// An EBS volume a version maps at a device name.
    public struct BlockDevice: Sendable, Hashable, Codable {
        public var deviceName: String?
        public var volumeSize: Int?
        public var volumeType: String?
        public var iops: Int?
        public var throughput: Int?
        public var encrypted: Bool?
        public var deleteOnTermination: Bool?

        public init() {}
    }

    /// Tags a version puts on what is launched from it, by resource type.
    public struct TagSpecificationData: Sendable, Hashable, Codable {
        public var resourceType: String?
        public var tags: [String: String]

        public init(resourceType: String?, tags: [String: String]) {
            self.resourceType = resourceType
            self.tags = tags
        }
    }

    /// This data with every field `newer` gives replacing the one here: what a version made from a source version holds.
    public func overlaid(by newer: Self) -> Self {
        var result = self
        func take<Value>(_ path: WritableKeyPath<Self, Value?>) {
            if let value = newer[keyPath: path] { result[keyPath: path] = value }
        }
        take(\.imageId)
        take(\.instanceType)
        take(\.keyName)
        take(\.userData)
        take(\.securityGroupIds)
        take(\.securityGroups)
        take(\.availabilityZone)
        take(\.networkInterfaces)
        take(\.blockDeviceMappings)
        take(\.tagSpecifications)
        take(\.ebsOptimized)
        take(\.disableApiTermination)
        take(\.disableApiStop)
        take(\.instanceInitiatedShutdownBehavior)
        take(\.monitoringEnabled)
        take(\.iamInstanceProfileArn)
        take(\.iamInstanceProfileName)
        take(\.metadataHttpTokens)
        take(\.metadataHttpPutResponseHopLimit)
        take(\.metadataHttpEndpoint)
        take(\.metadataHttpProtocolIpv6)
        take(\.metadataInstanceMetadataTags)
        take(\.cpuCredits)
        take(\.autoRecovery)
        return result
    }
}

extension LaunchTemplateData {
    /// The data as JSON with sorted keys: the same text for the same data, across restarts, for comparing a repeated
    /// `ClientToken`'s request. (Encoding these plain values cannot fail; if it did, the text would be empty.)
    var fingerprint: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
