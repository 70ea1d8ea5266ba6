public import Addressing
public import Foundation

/// A NAT gateway (`nat-…`): a requester-managed interface in one subnet that lets the VPC's private subnets reach
/// beyond the VPC, through an internet gateway with an Elastic IP (public) or toward other networks (private).
public struct NatGateway: IdentifiedResource, IdempotentlyCreated {
    public static var table: WritableKeyPath<RegionState, PersistentDictionary<String, NatGateway>> { \.natGateways }
    public static let resourceType = "natgateway"
    public static let idKind = ResourceIdKind.natGateway
    public var resource: Resource { .natGateway(self) }
    public static func unwrap(_ resource: Resource) -> Self? {
        if case .natGateway(let value) = resource { value } else { nil }
    }

    public let id: String
    public let scope: AccountRegion
    public let subnetId: String
    public let natVpcId: String
    public let connectivityType: ConnectivityType
    public var state: State
    /// Why the gateway could not be created (`Gateway.NotAttached`, `InvalidAllocationID.NotFound`, …), when it failed.
    public var failure: Failure?
    /// The gateway's addresses: the primary first, then the secondary ones.
    public var addresses: [AddressMapping]
    public let clientToken: String?
    public var requestFingerprint: String?
    public var tags: TagSet
    public let createdAt: Date
    public var deletedAt: Date?

    public var vpcId: String? { natVpcId }

    /// The interface that carries the gateway's traffic; none once it is deleted or when it failed.
    public var networkInterfaceId: String? { addresses.first?.networkInterfaceId }

    /// The public address traffic leaves with (a public gateway's primary Elastic IP).
    public var primaryPublicIp: IPv4Address? { addresses.first?.publicIp }

    /// How long AWS keeps showing a deleted or failed gateway.
    public static let visibleAfterEnd: TimeInterval = 3600

    /// Whether Describe still shows the gateway at `now`: deleted and failed ones fade after about an hour.
    public func isVisible(at now: Date) -> Bool {
        guard state == .deleted || state == .failed, let ended = deletedAt ?? (state == .failed ? createdAt : nil) else { return true }
        return now.timeIntervalSince(ended) < Self.visibleAfterEnd
    }

    public init(
        id: String, scope: AccountRegion, subnet: Subnet, connectivityType: ConnectivityType, clientToken: String?, tags: TagSet,
        createdAt: Date
    ) {
        self.id = id
        self.scope = scope
        self.subnetId = subnet.id
        self.natVpcId = subnet.subnetVpcId
        self.connectivityType = connectivityType
        self.state = .available
        self.addresses = []
        self.clientToken = clientToken
        self.tags = tags
        self.createdAt = createdAt
    }

    /// Whether the gateway translates to public addresses on the internet or to private ones elsewhere.
    public enum ConnectivityType: String, Sendable, Hashable, Codable {
        case `public`, `private`
    }

    /// The states AWS reports; `pending` and `deleting` are what the create and delete calls answer.
    public enum State: String, Sendable, Hashable, Codable {
        case pending, failed, available, deleting, deleted
    }

    /// `FailureCode` and `FailureMessage` of a gateway that could not be created.
    public struct Failure: Sendable, Hashable, Codable {
        public let code: String
        public let message: String

        public init(code: String, message: String) {
            self.code = code
            self.message = message
        }
    }

    /// One of the gateway's private addresses on its interface, and the Elastic IP mapped to it (public gateways).
    public struct AddressMapping: Sendable, Hashable, Codable {
        public let networkInterfaceId: String
        public let privateIp: IPv4Address
        public let allocationId: String?
        public let publicIp: IPv4Address?
        public let associationId: String?
        public let isPrimary: Bool

        public init(
            networkInterfaceId: String, privateIp: IPv4Address, allocationId: String?, publicIp: IPv4Address?, associationId: String?,
            isPrimary: Bool
        ) {
            self.networkInterfaceId = networkInterfaceId
            self.privateIp = privateIp
            self.allocationId = allocationId
            self.publicIp = publicIp
            self.associationId = associationId
            self.isPrimary = isPrimary
        }
    }
}
