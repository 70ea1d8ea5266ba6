import EC2Client

/// One round of `localvpc doctor`: the analysis, and for each explanation the fix proposed (and, with `--apply`,
/// whether it was applied).
public struct DoctorRound: Sendable, Hashable, Codable {
    public var report: PathReport
    public var fixes: [FixOutcome]

    /// A round from its parts.
    public init(report: PathReport, fixes: [FixOutcome]) {
        self.report = report
        self.fixes = fixes
    }
}

/// The fix for one explanation: the command that makes it (nil when no fix is known) and what applying it did.
public struct FixOutcome: Sendable, Hashable, Codable {
    public var code: String
    public var componentId: String
    public var command: String?
    public var applied: Bool
    public var error: String?

    /// An outcome from its parts.
    public init(code: String, componentId: String, command: String?, applied: Bool = false, error: String? = nil) {
        self.code = code
        self.componentId = componentId
        self.command = command
        self.applied = applied
        self.error = error
    }
}

extension ReachabilityClient {
    /// Analyses, proposes a fix for each explanation and, when `apply`, makes the fixes and analyses again, until
    /// the path is reachable, no fix is known, a fix fails, or `maxRounds` rounds have run. Each round goes to
    /// `progress` as it ends.
    public func diagnose(
        from source: Endpoint, to destination: Endpoint, _ traffic: Traffic, apply: Bool, commandSuffix: String = "", maxRounds: Int = 8,
        progress: @Sendable (DoctorRound) -> Void = { _ in }
    ) async throws -> [DoctorRound] {
        var rounds: [DoctorRound] = []
        while rounds.count < maxRounds {
            let report = try await analyze(from: source, to: destination, traffic)
            var fixes: [FixOutcome] = []
            var applied = 0
            for finding in report.explanations {
                var context = Remedy.Context(traffic: traffic, source: source, destination: destination)
                if finding.code == "SUBNET_ACL_RESTRICTION", let acl = finding.networkAclId ?? finding.componentId.nonEmptyPrefixed("acl-") {
                    context.takenAclRuleNumbers = try await aclRuleNumbers(acl, egress: finding.direction == "egress")
                }
                let remedy = Remedy.remedy(for: finding, context: context)
                var outcome = FixOutcome(code: finding.code, componentId: finding.componentId, command: remedy?.awsCommand(suffix: commandSuffix))
                if apply, let remedy {
                    do {
                        try await remedy.apply(using: client)
                        outcome.applied = true
                        applied += 1
                    } catch {
                        outcome.error = "\(error)"
                    }
                }
                fixes.append(outcome)
            }
            let round = DoctorRound(report: report, fixes: fixes)
            rounds.append(round)
            progress(round)
            guard apply, !report.reachable, applied == fixes.count, applied > 0 else { break }
        }
        return rounds
    }

    /// The rule numbers an ACL uses in one direction.
    func aclRuleNumbers(_ aclId: String, egress: Bool) async throws -> Set<Int> {
        let page = try await client.call("DescribeNetworkAcls", [("NetworkAclId.1", aclId)])
        let entries = page.items("networkAclSet").first?.items("entrySet") ?? []
        return Set(entries.filter { ($0.text("egress") == "true") == egress }.compactMap { $0.text("ruleNumber").flatMap { Int($0) } })
    }
}

extension String {
    /// Self when it starts with `prefix`, else nil.
    fileprivate func nonEmptyPrefixed(_ prefix: String) -> String? { hasPrefix(prefix) ? self : nil }
}
