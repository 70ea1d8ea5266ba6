public import Foundation

/// An internet gateway, attached to at most one VPC.
public struct InternetGateway: TaggedResource {
    public static var table: WritableKeyPath<RegionState, PersistentDictionary<String, InternetGateway>> { \.internetGateways }
    public static let resourceType = "internet-gateway"
    public var resource: Resource { .internetGateway(self) }
    public static func unwrap(_ resource: Resource) -> Self? {
        if case .internetGateway(let value) = resource { value } else { nil }
    }

    public let id: String
    public let scope: AccountRegion
    /// The VPC it is attached to, if any.
    public var attachedVpcId: String?
    public var tags: TagSet
    public var createdAt: Date

    public var vpcId: String? { attachedVpcId }

    public init(id: String, scope: AccountRegion, attachedVpcId: String? = nil, tags: TagSet = [:], createdAt: Date) {
        self.id = id
        self.scope = scope
        self.attachedVpcId = attachedVpcId
        self.tags = tags
        self.createdAt = createdAt
    }
}
