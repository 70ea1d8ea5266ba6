public import Foundation

/// The record that an account has used a region: written with its default VPC, so that deleting
/// the default VPC does not make LocalVPC build a new one.
public struct AccountRegionRecord: CloudResource {
    public static var table: WritableKeyPath<RegionState, PersistentDictionary<String, AccountRegionRecord>> { \.record }
    public var resource: Resource { .accountRegion(self) }
    public static func unwrap(_ resource: Resource) -> Self? {
        if case .accountRegion(let value) = resource { value } else { nil }
    }

    public let scope: AccountRegion
    /// The region's default DHCP options set, named on every VPC.
    public var dhcpOptionsId: String
    /// Whether the default DHCP options set is stored as a resource; false for a region first used before sets
    /// were (the next request upgrades it, see `activateRegion`).
    public var storesDefaultDhcpOptions: Bool
    public var activatedAt: Date

    public var id: String { "account-region:\(scope)" }
    public var vpcId: String? { nil }

    public init(scope: AccountRegion, dhcpOptionsId: String, storesDefaultDhcpOptions: Bool = true, activatedAt: Date) {
        self.scope = scope
        self.dhcpOptionsId = dhcpOptionsId
        self.storesDefaultDhcpOptions = storesDefaultDhcpOptions
        self.activatedAt = activatedAt
    }

    private enum CodingKeys: String, CodingKey { case scope, dhcpOptionsId, storesDefaultDhcpOptions, activatedAt }

    /// Records written before `storesDefaultDhcpOptions` existed read as not storing it.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        scope = try container.decode(AccountRegion.self, forKey: .scope)
        dhcpOptionsId = try container.decode(String.self, forKey: .dhcpOptionsId)
        storesDefaultDhcpOptions = try container.decodeIfPresent(Bool.self, forKey: .storesDefaultDhcpOptions) ?? false
        activatedAt = try container.decode(Date.self, forKey: .activatedAt)
    }
}
