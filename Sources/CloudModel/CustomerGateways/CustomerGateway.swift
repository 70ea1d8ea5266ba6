public import Foundation

/// A customer gateway (`cgw-…`): what AWS is told about the device at the customer's end of a VPN connection.
///
/// A record only (VPN connections are not modelled). A deleted one stays visible as `deleted` for an hour.
public struct CustomerGateway: TaggedResource {
    public static var table: WritableKeyPath<RegionState, PersistentDictionary<String, CustomerGateway>> { \.customerGateways }
    public static let resourceType = "customer-gateway"
    public var resource: Resource { .customerGateway(self) }
    public static func unwrap(_ resource: Resource) -> Self? {
        if case .customerGateway(let value) = resource { value } else { nil }
    }

    /// `State` of a customer gateway: `available` at once, `deleted` once deleted.
    public enum State: String, Sendable, Hashable, Codable {
        case available, deleted
    }

    public let id: String
    public let scope: AccountRegion
    public let type: String
    /// The device's outside address, as given.
    public let ipAddress: String?
    /// The device's BGP ASN; AWS reports one above 2,147,483,647 in `BgpAsnExtended` as well.
    public let bgpAsn: Int
    public let deviceName: String?
    public let certificateArn: String?
    public var state: State
    public var tags: TagSet
    public var createdAt: Date
    public var deletedAt: Date?

    public var vpcId: String? { nil }

    /// The ASN AWS records when the request names none.
    public static let defaultBgpAsn = 65000

    public init(
        id: String, scope: AccountRegion, type: String, ipAddress: String?, bgpAsn: Int, deviceName: String?, certificateArn: String?,
        tags: TagSet = [:], createdAt: Date
    ) {
        self.id = id
        self.scope = scope
        self.type = type
        self.ipAddress = ipAddress
        self.bgpAsn = bgpAsn
        self.deviceName = deviceName
        self.certificateArn = certificateArn
        self.state = .available
        self.tags = tags
        self.createdAt = createdAt
    }
}
