/// One attribute DescribeAccountAttributes reports: a name and its values, as text.
public struct AccountAttribute: Sendable, Hashable {
    public let name: String
    public let values: [String]

    public init(name: String, values: [String]) {
        self.name = name
        self.values = values
    }

    /// Every attribute AWS reports, in AWS's order. Only the first two are in the service model's enum, but AWS
    /// answers all six (tools read `max-instances` and the Elastic IP limits). The limits are AWS's defaults
    /// for a new account; LocalVPC does not enforce them (its CloudConfiguration has no such quotas).
    public static let names = [
        "supported-platforms", "default-vpc", "max-instances", "vpc-max-security-groups-per-interface", "max-elastic-ips",
        "vpc-max-elastic-ips",
    ]
}

extension CloudState {
    /// The attributes of the account in `scope` that `names` select (all of them when empty), in the order asked.
    ///
    /// `default-vpc` is the region's default VPC, or `none` once it was deleted; `supported-platforms` is `VPC`
    /// alone, as for every account made since EC2-Classic was retired.
    public func accountAttributes(in scope: AccountRegion, names: [String]) throws(EC2Error) -> [AccountAttribute] {
        if let unknown = names.first(where: { !AccountAttribute.names.contains($0) }) { throw .invalidAccountAttributeName(unknown) }
        var seen: Set<String> = []
        let wanted = (names.isEmpty ? AccountAttribute.names : names).filter { seen.insert($0).inserted }
        return wanted.map { name in
            switch name {
            case "supported-platforms": AccountAttribute(name: name, values: ["VPC"])
            case "default-vpc": AccountAttribute(name: name, values: [self[scope].vpcs.values.first { $0.isDefault }?.id ?? "none"])
            case "max-instances": AccountAttribute(name: name, values: ["20"])
            case "vpc-max-security-groups-per-interface": AccountAttribute(name: name, values: ["5"])
            default: AccountAttribute(name: name, values: ["5"])  // max-elastic-ips, vpc-max-elastic-ips
            }
        }
    }
}
