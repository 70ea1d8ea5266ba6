public import Foundation

/// An egress-only internet gateway (`eigw-…`): IPv6 out of a VPC to the internet, and only the replies back in.
///
/// It is made for one VPC and stays with it until deleted: there is no attach or detach, so AWS always
/// reports its one attachment as `attached`.
public struct EgressOnlyInternetGateway: TaggedResource {
    public static var table: WritableKeyPath<RegionState, PersistentDictionary<String, EgressOnlyInternetGateway>> { \.egressOnlyInternetGateways }
    public static let resourceType = "egress-only-internet-gateway"
    public var resource: Resource { .egressOnlyInternetGateway(self) }
    public static func unwrap(_ resource: Resource) -> Self? {
        if case .egressOnlyInternetGateway(let value) = resource { value } else { nil }
    }

    public let id: String
    public let scope: AccountRegion
    /// The VPC it was created for.
    public let gatewayVpcId: String
    public var tags: TagSet
    /// The `ClientToken` of the request that made it, so a retried request answers this gateway.
    public let clientToken: String?
    public var createdAt: Date

    public var vpcId: String? { gatewayVpcId }

    /// The attachment state AWS reports: the gateway is attached from creation to deletion.
    public static let attachmentState = "attached"

    public init(id: String, scope: AccountRegion, vpcId: String, tags: TagSet = [:], clientToken: String? = nil, createdAt: Date) {
        self.id = id
        self.scope = scope
        self.gatewayVpcId = vpcId
        self.tags = tags
        self.clientToken = clientToken
        self.createdAt = createdAt
    }
}
