/// The `${field}` list of flow log records, versions 2 to 5 (VPC User Guide, "Flow log records").
public enum FlowLogFormat {
    /// The version 2 fields, in the order AWS writes them when `LogFormat` is not given.
    public static let defaultFormat =
        "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}"

    /// Every field a custom format may name, by the version that introduced it.
    public static let fieldsByVersion: [Int: [String]] = [
        2: [
            "version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol", "packets", "bytes", "start", "end",
            "action", "log-status",
        ],
        3: ["vpc-id", "subnet-id", "instance-id", "tcp-flags", "type", "pkt-srcaddr", "pkt-dstaddr"],
        4: ["region", "az-id", "sublocation-type", "sublocation-id"],
        5: ["pkt-src-aws-service", "pkt-dst-aws-service", "flow-direction", "traffic-path"],
    ]

    static let fields: Set<String> = Set(fieldsByVersion.values.joined())

    /// Refuses a format with no field, or with anything other than space-separated `${field}`s of versions 2 to 5.
    static func validate(_ format: String) throws(EC2Error) {
        let tokens = format.split(separator: " ", omittingEmptySubsequences: true)
        guard !tokens.isEmpty else { throw .invalidFlowLogFormat(format) }
        for token in tokens {
            guard token.hasPrefix("${"), token.hasSuffix("}"), fields.contains(String(token.dropFirst(2).dropLast())) else {
                throw .invalidFlowLogFormat(format)
            }
        }
    }
}
