public import Addressing
public import Foundation

/// A transit gateway VPC attachment (`tgw-attach-…`): a VPC joined to a transit gateway through one requester-managed
/// interface (type `transit_gateway`) in one subnet per availability zone.
///
/// Its association (at most one route table) is kept here; the tables it propagates into keep that on their side.
public struct TransitGatewayAttachment: IdentifiedResource {
    public static var table: WritableKeyPath<RegionState, PersistentDictionary<String, TransitGatewayAttachment>> { \.transitGatewayAttachments }
    public static let resourceType = "transit-gateway-attachment"
    public static let idKind = ResourceIdKind.transitGatewayAttachment
    public var resource: Resource { .transitGatewayAttachment(self) }
    public static func unwrap(_ resource: Resource) -> Self? {
        if case .transitGatewayAttachment(let value) = resource { value } else { nil }
    }

    public let id: String
    public let scope: AccountRegion
    public let transitGatewayId: String
    public let attachmentVpcId: String
    /// One interface per subnet, in the order the subnets were given.
    public internal(set) var subnetInterfaces: [SubnetInterface]
    public internal(set) var options: Options
    /// The route table that routes what enters the transit gateway through this attachment.
    public internal(set) var associatedRouteTableId: String?
    public var tags: TagSet
    public let createdAt: Date
    public internal(set) var deletedAt: Date?

    public var vpcId: String? { attachmentVpcId }
    public var isLive: Bool { deletedAt == nil }
    public var subnetIds: [String] { subnetInterfaces.map(\.subnetId) }

    /// `ResourceType` in AWS's answers; LocalVPC attaches VPCs only.
    public var resourceType: String { "vpc" }

    public func state(at now: Date) -> TransitGatewayLifecycle.State {
        TransitGatewayLifecycle.state(createdAt: createdAt, deletedAt: deletedAt, at: now)
    }

    public func isVisible(at now: Date) -> Bool { TransitGatewayLifecycle.isVisible(deletedAt: deletedAt, at: now) }

    /// The attachment's interface in `availabilityZone`: where traffic from that zone enters the transit gateway.
    public func interface(inZone availabilityZone: String) -> SubnetInterface? {
        subnetInterfaces.first { $0.availabilityZone == availabilityZone }
    }

    public init(id: String, scope: AccountRegion, transitGatewayId: String, vpcId: String, options: Options, tags: TagSet, createdAt: Date) {
        self.id = id
        self.scope = scope
        self.transitGatewayId = transitGatewayId
        self.attachmentVpcId = vpcId
        self.subnetInterfaces = []
        self.options = options
        self.tags = tags
        self.createdAt = createdAt
    }

    /// The attachment's options, with AWS's defaults: DNS support and security group referencing support on ("This
    /// option is set to enable by default. However, at the transit gateway level the default is set to disable":
    /// CreateTransitGatewayVpcAttachmentRequestOptions), the others off.
    public struct Options: Sendable, Hashable, Codable {
        public var dnsSupport = true
        public var ipv6Support = false
        public var applianceModeSupport = false
        public var securityGroupReferencingSupport = true

        public init() {}
    }

    /// The attachment's interface in one subnet.
    public typealias SubnetInterface = ServiceSubnetInterface
}
