import EC2Client

/// Everything one run of `localvpc peer` did, as printed by `--output json`.
public struct PeeringOutcome: Sendable, Hashable, Codable {
    /// The peering connection, once known.
    public var vpcPeeringConnectionId: String?
    /// Its last known status code.
    public var status: String?
    /// The requester VPC (first argument), once resolved.
    public var requesterVpcId: String?
    /// The accepter VPC (second argument), once resolved.
    public var accepterVpcId: String?
    /// True when nothing was changed on purpose.
    public var dryRun: Bool
    /// The steps, in order.
    public var steps: [PeeringStep] = []
    /// Why the run could not finish, when it was not an error (a request waiting for another account).
    public var incomplete: String?
    /// The error that stopped the run, if any.
    public var error: Failure?

    /// An error as the JSON report carries it.
    public struct Failure: Sendable, Hashable, Codable {
        /// AWS's code, or ours for local failures.
        public var code: String
        /// The message.
        public var message: String

        /// A failure from its parts.
        public init(code: String, message: String) {
            self.code = code
            self.message = message
        }
    }

    /// An empty outcome.
    public init(dryRun: Bool) {
        self.dryRun = dryRun
    }

    /// How many steps changed something.
    public var changes: Int { steps.filter(\.isChange).count }
    /// How many routes were left alone because another target holds their destination.
    public var conflicts: Int { steps.filter { $0.action == .conflict }.count }
    /// True when everything asked for is in place (or, in a dry run, could be put in place).
    public var succeeded: Bool { error == nil && incomplete == nil && conflicts == 0 }

    /// The closing line of the text report.
    public var summary: String {
        if let error { return "failed: \(error.code): \(error.message)" }
        var parts: [String] = []
        if let incomplete { parts.append("incomplete: \(incomplete)") }
        if conflicts > 0 {
            parts.append(
                conflicts == 1
                    ? "1 conflicting route left as it is; fix it and run again"
                    : "\(conflicts) conflicting routes left as they are; fix them and run again")
        }
        if !parts.isEmpty { return parts.joined(separator: "; ") }
        if dryRun {
            let planned = steps.filter { $0.action == .planned }.count
            return planned == 0
                ? "dry run: nothing to change, everything is already in place"
                : "dry run: \(planned) change\(planned == 1 ? "" : "s") planned, none made"
        }
        return changes == 0 ? "no changes: everything was already in place" : "done: \(changes) change\(changes == 1 ? "" : "s")"
    }
}

extension PeeringOutcome.Failure {
    /// The report form of any error: AWS's code and message for endpoint errors.
    init(_ error: any Error) {
        switch error {
        case let error as EC2ClientError: self.init(code: error.code, message: error.message)
        case let error as PeeringSetupError: self.init(code: error.code, message: error.message)
        default: self.init(code: "InternalError", message: "\(error)")
        }
    }
}
