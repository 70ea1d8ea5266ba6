public import Addressing
public import Foundation

/// A network interface (`eni-…`): its private addresses in one subnet, its security groups, its
/// source/destination check, its public address, and the instance it is attached to.
public struct NetworkInterface: IdentifiedResource, IdempotentlyCreated {
    public static var table: WritableKeyPath<RegionState, PersistentDictionary<String, NetworkInterface>> { \.networkInterfaces }
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
    /// IPv6 addresses from the subnet's IPv6 block, in the order they were assigned.
    public var ipv6Addresses: [IPv6Address] = []
    public var groupIds: [String]
    public var sourceDestCheck = true
    public let macAddress: String
    public var attachment: Attachment?
    /// The public address AWS gave the primary private address at launch (not an Elastic IP).
    public var autoPublicIp: IPv4Address?
    /// What the interface is for: an instance's (`interface`), or one a service manages for you (`nat_gateway`,
    /// `vpc_endpoint`).
    public var interfaceType = InterfaceType.interface
    public var tags: TagSet
    public let createdAt: Date
    public var clientToken: String?
    public var requestFingerprint: String?

    public var vpcId: String? { interfaceVpcId }
    public var attachedInstanceId: String? { attachment?.instanceId }
    public var indexedSubnetId: String? { subnetId }
    /// Whether a service manages the interface (a NAT gateway's, an interface endpoint's): users may look, not change.
    public var requesterManaged: Bool { interfaceType != .interface }
    public var primaryPrivateIp: IPv4Address { privateIpAddresses[0] }
    /// `in-use` when attached, or when an interface endpoint holds it (AWS shows those in use with no attachment);
    /// else `available`.
    public var status: String { attachment == nil && interfaceType != .vpcEndpoint && interfaceType != .transitGateway ? "available" : "in-use" }

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

    /// `InterfaceType` as AWS reports it.
    public enum InterfaceType: String, Sendable, Hashable, Codable {
        case interface
        case natGateway = "nat_gateway"
        case vpcEndpoint = "vpc_endpoint"
        case transitGateway = "transit_gateway"
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

extension NetworkInterface {
    private enum CodingKeys: String, CodingKey {
        case id, scope, subnetId, interfaceVpcId, availabilityZone, interfaceDescription, privateIpAddresses, ipv6Addresses, groupIds
        case sourceDestCheck, macAddress, attachment, autoPublicIp, interfaceType, tags, createdAt, clientToken, requestFingerprint
    }

    /// Reads an interface, including one stored before interfaces had IPv6 addresses.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        scope = try container.decode(AccountRegion.self, forKey: .scope)
        subnetId = try container.decode(String.self, forKey: .subnetId)
        interfaceVpcId = try container.decode(String.self, forKey: .interfaceVpcId)
        availabilityZone = try container.decode(String.self, forKey: .availabilityZone)
        interfaceDescription = try container.decode(String.self, forKey: .interfaceDescription)
        privateIpAddresses = try container.decode([IPv4Address].self, forKey: .privateIpAddresses)
        ipv6Addresses = try container.decodeIfPresent([IPv6Address].self, forKey: .ipv6Addresses) ?? []
        groupIds = try container.decode([String].self, forKey: .groupIds)
        sourceDestCheck = try container.decode(Bool.self, forKey: .sourceDestCheck)
        macAddress = try container.decode(String.self, forKey: .macAddress)
        attachment = try container.decodeIfPresent(Attachment.self, forKey: .attachment)
        autoPublicIp = try container.decodeIfPresent(IPv4Address.self, forKey: .autoPublicIp)
        interfaceType = try container.decodeIfPresent(InterfaceType.self, forKey: .interfaceType) ?? .interface
        tags = try container.decode(TagSet.self, forKey: .tags)
        createdAt = try container.decode(Date.self, forKey: .createdAt)
        clientToken = try container.decodeIfPresent(String.self, forKey: .clientToken)
        requestFingerprint = try container.decodeIfPresent(String.self, forKey: .requestFingerprint)
    }
}
