/// The `${field}` list of flow log records, versions 2 to 8 (VPC User Guide, "Flow log records"); not yet version 10's
/// `resource-id` and `encryption-status`.
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
        7: [
            "ecs-cluster-arn", "ecs-cluster-name", "ecs-container-instance-arn", "ecs-container-instance-id", "ecs-container-id",
            "ecs-second-container-id", "ecs-service-name", "ecs-task-definition-arn", "ecs-task-arn", "ecs-task-id",
        ],
        8: ["reject-reason"],
    ]

    static let fields: Set<String> = Set(fieldsByVersion.values.joined())

    /// Refuses a format with no field, or with anything other than space-separated `${field}`s of versions 2 to 8.
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

extension FlowLogFormat {
    /// The field names of a `${field}` list, in order.
    public static func fieldNames(of format: String) -> [String] {
        format.split(separator: " ", omittingEmptySubsequences: true).map { String($0.dropFirst(2).dropLast()) }
    }

    /// The `version` a record of `format` carries: AWS writes the highest version among the format's fields (2 for
    /// the default format).
    public static func version(of format: String) -> Int {
        let names = Set(fieldNames(of: format))
        return fieldsByVersion.filter { !names.isDisjoint(with: $0.value) }.keys.max() ?? 2
    }

    /// The header line of an S3 log file: the field names, as AWS writes them at the top of each file.
    public static func header(of format: String) -> String {
        fieldNames(of: format).joined(separator: " ")
    }
}
