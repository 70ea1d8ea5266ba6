/// The regions LocalVPC serves and their availability zones, with AWS's real names and zone ids.
///
/// AWS maps zone names to zone ids differently per account; LocalVPC uses one fixed mapping for all
/// accounts, which keeps cross-account tests reproducible. Zone counts are the ones a new account sees.
public enum RegionCatalog {
    /// One region: its name and its zones in order (`a`, `b`, …).
    public struct Region: Sendable, Hashable {
        public let name: String
        public let zones: [AvailabilityZone]

        public var endpoint: String { "ec2.\(name).amazonaws.com" }
    }

    /// One availability zone: `us-east-1a` with zone id `use1-az1`.
    public struct AvailabilityZone: Sendable, Hashable {
        public let name: String
        public let zoneId: String
        public let region: String
    }

    /// Every region, in the order DescribeRegions lists them.
    public static let regions: [Region] = [
        region("us-east-1", "use1", "abcdef", [1, 2, 3, 4, 5, 6]),
        region("us-east-2", "use2", "abc", [1, 2, 3]),
        region("us-west-1", "usw1", "ac", [1, 3]),
        region("us-west-2", "usw2", "abcd", [1, 2, 3, 4]),
        region("ca-central-1", "cac1", "abd", [1, 2, 4]),
        region("eu-west-1", "euw1", "abc", [1, 2, 3]),
        region("eu-west-2", "euw2", "abc", [1, 2, 3]),
        region("eu-west-3", "euw3", "abc", [1, 2, 3]),
        region("eu-central-1", "euc1", "abc", [1, 2, 3]),
        region("eu-north-1", "eun1", "abc", [1, 2, 3]),
        region("ap-south-1", "aps1", "abc", [1, 3, 2]),
        region("ap-southeast-1", "apse1", "abc", [1, 2, 3]),
        region("ap-southeast-2", "apse2", "abc", [1, 2, 3]),
        region("ap-northeast-1", "apne1", "acd", [4, 1, 2]),
        region("ap-northeast-2", "apne2", "abcd", [1, 2, 3, 4]),
        region("sa-east-1", "sae1", "abc", [1, 2, 3]),
    ]

    private static let byName: [String: Region] = Dictionary(uniqueKeysWithValues: regions.map { ($0.name, $0) })

    /// The region called `name`, or nil when AWS has no such region.
    public static func region(named name: String) -> Region? { byName[name] }

    /// The zone in `region` whose name or zone id is `nameOrId`.
    public static func zone(_ nameOrId: String, in region: String) -> AvailabilityZone? {
        byName[region]?.zones.first { $0.name == nameOrId || $0.zoneId == nameOrId }
    }

    private static func region(_ name: String, _ idPrefix: String, _ letters: String, _ numbers: [Int]) -> Region {
        let zones = zip(letters, numbers).map { letter, number in
            AvailabilityZone(name: "\(name)\(letter)", zoneId: "\(idPrefix)-az\(number)", region: name)
        }
        return Region(name: name, zones: zones)
    }
}
