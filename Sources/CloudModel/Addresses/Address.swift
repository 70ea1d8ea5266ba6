public import Addressing
public import Foundation

/// An Elastic IP address (`eipalloc-…`) and, when associated, the interface and private address it maps to.
public struct Address: IdentifiedResource {
    public static var table: WritableKeyPath<RegionState, PersistentDictionary<String, Address>> { \.addresses }
    public static let resourceType = "elastic-ip"
    public static let idKind = ResourceIdKind.address
    public var resource: Resource { .address(self) }
    public static func unwrap(_ resource: Resource) -> Self? {
        if case .address(let value) = resource { value } else { nil }
    }

    public let id: String
    public let scope: AccountRegion
    public let publicIp: IPv4Address
    public var association: Association? {
        didSet { if let id = oldValue?.associationId, association == nil { lastAssociationId = id } }
    }
    /// The last association that ended, so disassociating it again is not an error (the call is idempotent).
    public var lastAssociationId: String?
    public var tags: TagSet
    public let createdAt: Date

    /// The VPC of the interface it is associated with: such an address keeps the VPC's gateway attached.
    public var vpcId: String? { association?.vpcId }
    public var associatedNetworkInterfaceId: String? { association?.networkInterfaceId }

    public init(id: String, scope: AccountRegion, publicIp: IPv4Address, tags: TagSet, createdAt: Date) {
        self.id = id
        self.scope = scope
        self.publicIp = publicIp
        self.tags = tags
        self.createdAt = createdAt
    }

    /// The mapping of the address to one private address of one interface (`eipassoc-…`).
    public struct Association: Sendable, Hashable, Codable {
        public let associationId: String
        public let networkInterfaceId: String
        public let privateIpAddress: IPv4Address
        public let instanceId: String?
        public let vpcId: String

        public init(associationId: String, networkInterfaceId: String, privateIpAddress: IPv4Address, instanceId: String?, vpcId: String) {
            self.associationId = associationId
            self.networkInterfaceId = networkInterfaceId
            self.privateIpAddress = privateIpAddress
            self.instanceId = instanceId
            self.vpcId = vpcId
        }
    }
}
