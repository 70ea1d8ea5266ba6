public import Foundation

/// The record that an account has used a region: written with its default VPC, so that deleting
/// the default VPC does not make LocalVPC build a new one.
public struct AccountRegionRecord: CloudResource {
    public static var table: WritableKeyPath<RegionState, [String: AccountRegionRecord]> { \.record }
    public var resource: Resource { .accountRegion(self) }
    public static func unwrap(_ resource: Resource) -> Self? {
        if case .accountRegion(let value) = resource { value } else { nil }
    }

    public let scope: AccountRegion
    /// The region's default DHCP options set, named on every VPC.
    public var dhcpOptionsId: String
    public var activatedAt: Date

    public var id: String { "account-region:\(scope)" }
    public var vpcId: String? { nil }

    public init(scope: AccountRegion, dhcpOptionsId: String, activatedAt: Date) {
        self.scope = scope
        self.dhcpOptionsId = dhcpOptionsId
        self.activatedAt = activatedAt
    }
}
