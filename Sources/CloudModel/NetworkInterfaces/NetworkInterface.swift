public import Addressing
public import Foundation

/// A network interface (`eni-…`): its private addresses in one subnet, its security groups, its
/// source/destination check, its public address, and the instance it is attached to.
public struct NetworkInterface: IdentifiedResource {
    public static var table: WritableKeyPath<RegionState, [String: NetworkInterface]> { \.networkInterfaces }
    public static let resourceType = "network-interface"
    public static let idKind = ResourceIdKind.networkInterface
    public var resource: Resource { .networkInterface(self) }
    public static func unwrap(_ resource: Resource) -> Self? {
        if case .networkInterface(let value) = resource { value } else { nil }
    }

    public let id: String
    public let scope: AccountRegion
    public let subnetId: String
    public let interfaceVpcId: String
    public let availabilityZone: String
    public var interfaceDescription: String
    /// Private IPv4 addresses, the primary first.
    public var privateIpAddresses: [IPv4Address]
    public var groupIds: [String]
    public var sourceDestCheck = true
    public let macAddress: String
    public var attachment: Attachment?
    /// The public address AWS gave the primary private address at launch (not an Elastic IP).
    public var autoPublicIp: IPv4Address?
    public var tags: TagSet
    public let createdAt: Date

    public var vpcId: String? { interfaceVpcId }
    public var primaryPrivateIp: IPv4Address { privateIpAddresses[0] }
    /// `in-use` when attached, else `available`.
    public var status: String { attachment == nil ? "available" : "in-use" }

    public init(
        id: String, scope: AccountRegion, subnet: Subnet, description: String, privateIpAddresses: [IPv4Address], groupIds: [String],
        macAddress: String, tags: TagSet, createdAt: Date
    ) {
        self.id = id
        self.scope = scope
        self.subnetId = subnet.id
        self.interfaceVpcId = subnet.subnetVpcId
        self.availabilityZone = subnet.availabilityZone
        self.interfaceDescription = description
        self.privateIpAddresses = privateIpAddresses
        self.groupIds = groupIds
        self.macAddress = macAddress
        self.tags = tags
        self.createdAt = createdAt
    }

    /// The link to an instance (`eni-attach-…`).
    public struct Attachment: Sendable, Hashable, Codable {
        public let attachmentId: String
        public let instanceId: String
        public let deviceIndex: Int
        public var deleteOnTermination: Bool
        public let attachTime: Date

        public init(attachmentId: String, instanceId: String, deviceIndex: Int, deleteOnTermination: Bool, attachTime: Date) {
            self.attachmentId = attachmentId
            self.instanceId = instanceId
            self.deviceIndex = deviceIndex
            self.deleteOnTermination = deleteOnTermination
            self.attachTime = attachTime
        }
    }
}
