/// DescribeImages' filters: every name the EC2 API reference documents, each reading what the response shows.
///
/// Names for what catalogue images do not have (snapshots, kernels and RAM disks, product codes, a source image or
/// instance, a state reason, Allowed AMIs, free-tier marks, tags a public image shows other accounts) match nothing,
/// as they match nothing on AWS for an image without them.
extension Image {
    public static let filterNames: Set<String> = [
        "architecture", "block-device-mapping.delete-on-termination", "block-device-mapping.device-name",
        "block-device-mapping.snapshot-id", "block-device-mapping.volume-size", "block-device-mapping.volume-type",
        "block-device-mapping.encrypted", "creation-date", "description", "ena-support", "free-tier-eligible", "hypervisor",
        "image-allowed", "image-id", "image-type", "is-public", "kernel-id", "manifest-location", "name", "owner-alias", "owner-id",
        "platform", "product-code", "product-code.type", "ramdisk-id", "root-device-name", "root-device-type", "source-image-id",
        "source-image-region", "source-instance-id", "state", "state-reason-code", "state-reason-message", "sriov-net-support",
        "virtualization-type",
    ]

    /// Whether `name` is a DescribeImages filter: a documented name, or `tag:<key>`, `tag-key`, `tag-value`.
    public static func accepts(filter name: String) -> Bool {
        filterNames.contains(name) || name.hasPrefix("tag:") || name == "tag-key" || name == "tag-value"
    }

    /// The values filter `name` sees for this image.
    public func filterValues(_ name: String) -> [String] {
        switch name {
        case "architecture": return [architecture]
        case "block-device-mapping.delete-on-termination": return [String(rootVolume.deleteOnTermination)]
        case "block-device-mapping.device-name": return [rootDeviceName]
        case "block-device-mapping.volume-size": return [String(rootVolume.size)]
        case "block-device-mapping.volume-type": return [rootVolume.volumeType]
        case "block-device-mapping.encrypted": return [String(rootVolume.encrypted)]
        case "creation-date": return [creationDate]
        case "description": return [description]
        case "ena-support": return [String(enaSupport)]
        case "hypervisor": return [hypervisor]
        case "image-id": return [id]
        case "image-type": return [imageType]
        case "is-public": return [String(isPublic)]
        case "manifest-location": return [imageLocation]
        case "name": return [self.name]
        case "owner-alias": return [ownerAlias]
        case "owner-id": return [ownerId]
        case "root-device-name": return [rootDeviceName]
        case "root-device-type": return [rootDeviceType]
        case "state": return [state]
        case "sriov-net-support": return [sriovNetSupport]
        case "virtualization-type": return [virtualizationType]
        // platform: set only for Windows images. The rest: see the type's comment.
        default: return []
        }
    }

    /// Whether the image passes every filter (names already checked with `accepts(filter:)`).
    public func matches(_ filters: [Filter]) -> Bool {
        filters.allSatisfy { $0.matches(any: filterValues($0.name)) }
    }
}
