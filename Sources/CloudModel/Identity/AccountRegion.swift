/// One AWS account in one region: the scope every regional resource lives in and every request acts in.
///
/// The whole cloud is one state over all accounts and regions because peering crosses both; a request
/// sees only its own account and region, except where AWS lets it look across (a peering's other side).
public struct AccountRegion: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// A 12-digit AWS account id.
    public let account: String
    /// A region name such as `us-east-1`.
    public let region: String

    public init(account: String, region: String) {
        self.account = account
        self.region = region
    }

    public var description: String { "\(account)/\(region)" }

    public static func < (lhs: AccountRegion, rhs: AccountRegion) -> Bool {
        (lhs.account, lhs.region) < (rhs.account, rhs.region)
    }

    /// The account used when a request's access key is not itself an account id.
    public static let defaultAccount = "000000000000"

    /// Whether `string` has the shape of an AWS account id: exactly 12 decimal digits.
    public static func isAccountId(_ string: String) -> Bool {
        string.utf8.count == 12 && string.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
