public import Addressing

/// A prefix list AWS manages for one of its services in one region (`com.amazonaws.us-east-1.s3`, `pl-63a5400a`).
///
/// These lists are not stored: every account of the region sees the same ones, owned by `AWS`, and nobody can change
/// or delete them. Gateway VPC endpoints route to the S3 and DynamoDB lists (`forService(_:in:)` finds them), and
/// security group rules may name any of them.
public struct AWSManagedPrefixList: Sendable, Hashable {
    /// The owner id AWS reports for its lists.
    public static let ownerId = "AWS"

    public let id: String
    /// The region the list belongs to.
    public let region: String
    /// The service's short name: `s3`, `dynamodb`.
    public let service: String
    public let addressFamily: AddressFamily
    public let entries: [PrefixListEntry]

    /// `com.amazonaws.REGION.SERVICE`, the name AWS gives the list (and the service name of its gateway endpoint).
    public var name: String { "com.amazonaws.\(region).\(service)" }

    /// The ARN AWS gives its lists, with `aws` where an account would be.
    public var arn: String { "arn:aws:ec2:\(region):aws:prefix-list/\(id)" }

    /// How many entries a reference to this list counts for against a route table's or a group's quota (AWS calls it
    /// the list's weight; for the gateway endpoint services it is 1).
    public var weight: Int { 1 }

    /// The region's AWS-managed lists, S3 first.
    public static func all(in region: String) -> [AWSManagedPrefixList] {
        byRegion[region] ?? services.map { list(for: $0, in: region) }
    }

    /// The lists of the regions LocalVPC serves, built once: the evaluator asks for them per packet.
    private static let byRegion: [String: [AWSManagedPrefixList]] = Dictionary(
        uniqueKeysWithValues: RegionCatalog.regions.map { region in (region.name, services.map { list(for: $0, in: region.name) }) })

    /// The region's list for `service` (`s3`, `dynamodb`, or a full service name such as `com.amazonaws.us-east-1.s3`),
    /// when AWS has one: what a gateway endpoint's routes go to.
    public static func forService(_ service: String, in region: String) -> AWSManagedPrefixList? {
        let short = service.hasPrefix("com.amazonaws.\(region).") ? String(service.dropFirst("com.amazonaws.\(region).".count)) : service
        return services.contains(short) ? list(for: short, in: region) : nil
    }

    /// The region's AWS-managed list with `id`, if there is one.
    public static func withId(_ id: String, in region: String) -> AWSManagedPrefixList? {
        all(in: region).first { $0.id == id }
    }

    /// The services whose lists every region has.
    static let services = ["s3", "dynamodb"]

    /// The list of `service` in `region`: AWS's real id and CIDRs where the catalog has them, else a deterministic
    /// well-formed id (and no entries) so that the same region always shows the same list.
    private static func list(for service: String, in region: String) -> AWSManagedPrefixList {
        let known = catalog[region]?[service]
        let id = known?.id ?? syntheticId(for: "com.amazonaws.\(region).\(service)")
        let entries = (known?.cidrs ?? []).compactMap { IPCIDR($0).map { PrefixListEntry(cidr: $0) } }
        return AWSManagedPrefixList(id: id, region: region, service: service, addressFamily: .ipv4, entries: entries)
    }

    /// `pl-` and eight hex digits of the name's FNV-1a hash: AWS's older id form, stable across runs and machines.
    static func syntheticId(for name: String) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in name.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        let hex = String(hash, radix: 16)
        return "pl-" + String(repeating: "0", count: 8 - hex.count) + hex
    }
}
