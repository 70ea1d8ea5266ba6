public import CloudModel

/// A name as an instance's VPC resolves it, with why: what `localvpc reach SRC NAME` and `doctor` show before the path.
public struct DnsLookup: Sendable, Hashable {
    public let name: String
    /// The VPC whose resolver was asked (the source's).
    public let vpcId: String
    public let resolution: DnsResolution

    public init(name: String, vpcId: String, resolution: DnsResolution) {
        self.name = name
        self.vpcId = vpcId
        self.resolution = resolution
    }

    /// The first address answered, when there is one: where the path then goes.
    public var address: String? { resolution.addresses.first.map { "\($0)" } }

    /// What `--output json` prints of it.
    public var summary: [String: String] {
        var fields = ["name": name, "vpcId": vpcId, "outcome": resolution.outcome.rawValue]
        if let address { fields["address"] = address }
        return fields
    }
}
