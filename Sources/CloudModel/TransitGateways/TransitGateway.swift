public import Addressing
public import Foundation

/// A transit gateway (`tgw-…`): a regional router that VPCs (and other transit gateways) attach to, routing between
/// them by its route tables, transitively, unlike VPC peering.
public struct TransitGateway: IdentifiedResource {
    public static var table: WritableKeyPath<RegionState, PersistentDictionary<String, TransitGateway>> { \.transitGateways }
    public static let resourceType = "transit-gateway"
    public static let idKind = ResourceIdKind.transitGateway
    public var resource: Resource { .transitGateway(self) }
    public static func unwrap(_ resource: Resource) -> Self? {
        if case .transitGateway(let value) = resource { value } else { nil }
    }

    public let id: String
    public let scope: AccountRegion
    public internal(set) var description: String
    public internal(set) var options: Options
    /// The route table new attachments are associated with, when `defaultRouteTableAssociation` is on.
    public internal(set) var associationDefaultRouteTableId: String?
    /// The route table new attachments propagate into, when `defaultRouteTablePropagation` is on.
    public internal(set) var propagationDefaultRouteTableId: String?
    public var tags: TagSet
    public let createdAt: Date
    public internal(set) var deletedAt: Date?

    /// A transit gateway belongs to a region, not a VPC.
    public var vpcId: String? { nil }
    public var isLive: Bool { deletedAt == nil }

    public func state(at now: Date) -> TransitGatewayLifecycle.State {
        TransitGatewayLifecycle.state(createdAt: createdAt, deletedAt: deletedAt, at: now)
    }

    public func isVisible(at now: Date) -> Bool { TransitGatewayLifecycle.isVisible(deletedAt: deletedAt, at: now) }

    /// `arn:aws:ec2:REGION:ACCOUNT:transit-gateway/tgw-…`.
    public var arn: String { "arn:aws:ec2:\(scope.region):\(scope.account):transit-gateway/\(id)" }

    public init(id: String, scope: AccountRegion, description: String, options: Options, tags: TagSet, createdAt: Date) {
        self.id = id
        self.scope = scope
        self.description = description
        self.options = options
        self.tags = tags
        self.createdAt = createdAt
    }

    /// The options CreateTransitGateway takes, with AWS's defaults: ASN 64512, default route table association and
    /// propagation on, shared attachments not auto-accepted, DNS and VPN ECMP support on, multicast off.
    public struct Options: Sendable, Hashable, Codable {
        public var amazonSideAsn: Int = 64512
        public var autoAcceptSharedAttachments = false
        public var defaultRouteTableAssociation = true
        public var defaultRouteTablePropagation = true
        public var dnsSupport = true
        public var vpnEcmpSupport = true
        public var multicastSupport = false
        public var securityGroupReferencingSupport = false
        /// Stored and shown; LocalVPC has no Connect peers that would take addresses from them.
        public var cidrBlocks: [String] = []

        public init() {}

        /// Private ASNs AWS accepts: 64512–65534 and 4200000000–4294967294.
        public static func isValidAsn(_ asn: Int) -> Bool {
            (64512...65534).contains(asn) || (4_200_000_000...4_294_967_294).contains(asn)
        }
    }
}
