/// One public machine image (AMI) as DescribeImages shows it: AWS's own images of one region, from `ImageCatalog`.
///
/// LocalVPC keeps no images of its own: it has no CreateImage or RegisterImage, so every image it describes is an
/// Amazon Linux image AWS publishes, with its real regional id. What the catalogue does not say (snapshot ids,
/// product codes, tags) an image does not have.
public struct Image: Sendable, Hashable {
    /// The image's id in its region, `ami-…`.
    public let id: String
    public let region: String
    public let name: String
    public let description: String
    /// `x86_64` or `arm64`.
    public let architecture: String
    public let virtualizationType: String
    /// The device the root volume is attached at, `/dev/xvda`.
    public let rootDeviceName: String
    /// The volume an instance launched from the image starts with, at `rootDeviceName`.
    public let rootVolume: RootVolume
    /// When AWS made the image, in the one timestamp format (`2026-04-27T00:00:00.000Z`).
    public let creationDate: String
    /// `v2.0` when instances launched from the image require IMDSv2 unless told otherwise.
    public let imdsSupport: String?
    public let bootMode: String?
    public let enaSupport: Bool
    /// The account that owns the image (Amazon's, per region).
    public let ownerId: String

    /// The EBS volume an image maps at its root device.
    public struct RootVolume: Sendable, Hashable {
        public let size: Int
        public let volumeType: String
        public let deleteOnTermination: Bool
        public let encrypted: Bool
    }

    /// The alias of the owner, for Owners=amazon and the `owner-alias` filter.
    public var ownerAlias: String { ImageCatalog.ownerAlias }
    /// Where AWS says the image came from: `amazon/<name>` for Amazon's images.
    public var imageLocation: String { "\(ownerAlias)/\(name)" }
    public var isPublic: Bool { true }
    public var state: String { "available" }
    public var imageType: String { "machine" }
    public var hypervisor: String { "xen" }
    public var rootDeviceType: String { "ebs" }
    public var sriovNetSupport: String { "simple" }
    /// What billing calls the image's platform; every catalogue image runs Linux.
    public var platformDetails: String { "Linux/UNIX" }
    public var usageOperation: String { "RunInstances" }
}

extension Image {
    /// Whether `id` has an image id's shape: `ami-` and 8 or 17 lowercase hex digits.
    public static func isWellFormedId(_ id: String) -> Bool {
        id.hasPrefix("ami-") && ResourceId.isWellFormed("vpc-" + id.dropFirst(4), prefix: .vpc)
    }
}
