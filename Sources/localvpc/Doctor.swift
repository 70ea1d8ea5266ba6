import ArgumentParser
import CloudModel
import ReachabilityClient

/// `localvpc doctor SRC DST`: `reach`, plus the AWS CLI command that fixes each block, and with `--apply` the fixes
/// themselves, analysing again until the path is reachable or no fix is known.
struct Doctor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Why can SRC not reach DST, and the exact AWS CLI command that fixes each block.",
        discussion: """
            Analyses the path as `localvpc reach` does and, for each explanation, prints the command that would \
            let the traffic through: the missing route in the right route table, the security-group rule, the \
            ACL entry, accepting a pending peering, starting a stopped instance, an Elastic IP. The fix is worked \
            out from the explanation's fields, so it works against LocalVPC or AWS itself.

            With --apply, the fixes are shown, then made, and the path analysed again, round after round, until \
            it is reachable, no fix is known, or a fix fails (at most 8 rounds).

            Examples:
              localvpc doctor web db --protocol icmp
              localvpc doctor web db --protocol tcp --port 5432 --apply
              localvpc doctor web ec2-198-18-0-7.compute-1.amazonaws.com --protocol icmp

            DST may be a DNS name: resolved first as SRC's VPC would, with the command that makes it resolve to \
            the private address where one would (AllowDnsResolutionFromRemoteVpc, DNS attributes).

            Exit status: 0 reachable (after the fixes, with --apply), 1 not reachable, 2 an error.
            """
    )

    @Argument(help: ArgumentHelp("Where the traffic starts: an id, a Name tag or an address.", valueName: "SRC"))
    var source: String

    @Argument(help: ArgumentHelp("Where it goes.", valueName: "DST"))
    var destination: String

    @Flag(help: "Make the fixes (after showing them), then analyse again.")
    var apply = false

    @OptionGroup var traffic: TrafficOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let rounds: [DoctorRound]
        do {
            let reach = try connection.makeClient()
            let from = try await reach.endpoint(source)
            let text = connection.output == .text
            var target = destination
            if ReachabilityClient.isDnsName(destination) {
                // The name first: what the source's VPC resolver answers, the fix for each reason, and with --apply the fixes.
                var lookup = try await reach.lookup(destination, from: from)
                if text { print(ReportText.dns(lookup, commandSuffix: connection.commandSuffix)) }
                let remedies = lookup.resolution.reasons.compactMap(Remedy.remedy(for:))
                if apply && !remedies.isEmpty {
                    for remedy in remedies {
                        try await remedy.apply(using: reach.client)
                        if text { print("    applied") }
                    }
                    lookup = try await reach.lookup(destination, from: from)
                    if text { print(ReportText.dns(lookup, commandSuffix: connection.commandSuffix)) }
                }
                if text { print() }
                guard let address = lookup.address else {
                    if connection.output == .json { connection.emit("", json: NamedReachJSON(dns: lookup.summary, report: nil)) }
                    throw ExitCode.failure
                }
                target = address
            }
            let to = try await reach.endpoint(target)
            let applying = apply
            rounds = try await reach.diagnose(from: from, to: to, traffic.traffic, apply: apply, commandSuffix: connection.commandSuffix) { round in
                if text { print(ReportText.round(round, applying: applying) + "\n") }
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw connection.fail(error)
        }
        let reachable = rounds.last?.report.reachable ?? false
        if connection.output == .json { connection.emit("", json: DoctorJSON(reachable: reachable, rounds: rounds)) }
        if !reachable { throw ExitCode.failure }
    }
}

/// `doctor --output json`: the final verdict and every round.
private struct DoctorJSON: Encodable {
    var reachable: Bool
    var rounds: [DoctorRound]
}
