public import Foundation

/// A resource that lives in one account and region and is stored in that scope's `RegionState`.
///
/// Conforming types are plain values; commands change them only through a `Transaction`, which records
/// every put and delete as a `ResourceChange` so the change can be made durable before it is applied.
public protocol CloudResource: Sendable, Hashable, Codable {
    /// Where resources of this type are kept inside a region's state.
    static var table: WritableKeyPath<RegionState, PersistentDictionary<String, Self>> { get }
    /// This type's case of `Resource`, for journalling.
    var resource: Resource { get }
    /// Unwraps `resource` when it holds this type.
    static func unwrap(_ resource: Resource) -> Self?

    var id: String { get }
    var scope: AccountRegion { get }
    /// The VPC this resource belongs to, when it belongs to one; indexed for dependency checks.
    var vpcId: String? { get }
    /// The tags the region indexes this resource under, for `tag:<key>` filters; its `tags` when it is a `TaggedResource`.
    var indexedTags: TagSet { get }
    /// The CIDR blocks (as text, IPv4 and IPv6) the region indexes this resource under, for the CIDR filters that
    /// its `Filterable.indexedFilters` name; none by default.
    var indexedCidrBlocks: [String] { get }
    /// The instance this resource is attached to (an interface's or a volume's), indexed so that what an instance
    /// holds is found without a scan; none by default.
    var attachedInstanceId: String? { get }
    /// The subnet whose private addresses this resource holds (an interface's), indexed so that a subnet's addresses in
    /// use are counted without a pass over its VPC; none by default.
    var indexedSubnetId: String? { get }
    /// The network interface this resource is associated with (an Elastic IP's), indexed so that an interface's
    /// public addresses are found without a pass over the region's addresses; none by default.
    var associatedNetworkInterfaceId: String? { get }
}

extension CloudResource {
    public var indexedTags: TagSet { [:] }
    public var indexedCidrBlocks: [String] { [] }
    public var attachedInstanceId: String? { nil }
    public var indexedSubnetId: String? { nil }
    public var associatedNetworkInterfaceId: String? { nil }
}

/// A resource that carries tags (`CreateTags`, `tag:` filters, `TagSpecifications`).
public protocol TaggedResource: CloudResource {
    /// The value of `resource-type` in DescribeTags and of `ResourceType` in a `TagSpecification`.
    static var resourceType: String { get }
    var tags: TagSet { get set }
    /// When it was created: Describe calls answer in creation order.
    var createdAt: Date { get }
}

extension TaggedResource {
    public var indexedTags: TagSet { tags }
}
