public import Foundation

/// A virtual private gateway (`vgw-…`): the VPC's end of Site-to-Site VPN connections, attached to at most one VPC.
///
/// LocalVPC stores it and its attachment and propagation settings; it carries no traffic (VPN connections are
/// not modelled). Attaching and detaching take effect at once; a detached attachment stays listed as `detached`,
/// and a deleted gateway stays visible as `deleted` for an hour, as AWS shows them.
public struct VpnGateway: TaggedResource {
    public static var table: WritableKeyPath<RegionState, PersistentDictionary<String, VpnGateway>> { \.vpnGateways }
    public static let resourceType = "vpn-gateway"
    public var resource: Resource { .vpnGateway(self) }
    public static func unwrap(_ resource: Resource) -> Self? {
        if case .vpnGateway(let value) = resource { value } else { nil }
    }

    /// `State` of a gateway: LocalVPC's are `available` at once, and `deleted` once deleted.
    public enum State: String, Sendable, Hashable, Codable {
        case available, deleted
    }

    /// `VpcAttachments.N.State`.
    public enum AttachmentState: String, Sendable, Hashable, Codable {
        case attached, detached
    }

    public struct Attachment: Sendable, Hashable, Codable {
        public let vpcId: String
        public var state: AttachmentState

        public init(vpcId: String, state: AttachmentState) {
            self.vpcId = vpcId
            self.state = state
        }
    }

    public let id: String
    public let scope: AccountRegion
    /// `ipsec.1`, the only type AWS offers.
    public let type: String
    public let amazonSideAsn: Int
    public let availabilityZone: String?
    public var state: State
    /// The latest attachment, attached or detached; none before the first attach.
    public var attachment: Attachment?
    /// The route tables it propagates routes to (EnableVgwRoutePropagation), all in its attached VPC.
    public var propagatingRouteTableIds: Set<String> = []
    public var tags: TagSet
    public var createdAt: Date
    public var deletedAt: Date?

    /// The VPC it is attached to now, if any.
    public var attachedVpcId: String? { attachment?.state == .attached ? attachment?.vpcId : nil }
    public var vpcId: String? { attachedVpcId }

    /// The ASN AWS gives the Amazon side when the request names none.
    public static let defaultAmazonSideAsn = 64512
    /// How long a deleted gateway stays visible.
    public static let deletedVisibility: TimeInterval = 3600

    public init(id: String, scope: AccountRegion, amazonSideAsn: Int, availabilityZone: String?, tags: TagSet = [:], createdAt: Date) {
        self.id = id
        self.scope = scope
        self.type = "ipsec.1"
        self.amazonSideAsn = amazonSideAsn
        self.availabilityZone = availabilityZone
        self.state = .available
        self.tags = tags
        self.createdAt = createdAt
    }
}
