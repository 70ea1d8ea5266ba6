import ArgumentParser
import EC2Client
import Foundation
import PeeringSetup

/// `localvpc peer VPC_A VPC_B`: the peering walkthrough as one idempotent command, against any EC2 endpoint.
///
/// All the work is in the PeeringSetup target; this file reads flags, resolves the two clients'
/// credentials, region and endpoint the way the AWS CLI does, and prints the report.
struct Peer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Peer two VPCs on any EC2 endpoint: request, accept, routes both ways, security-group rules.",
        discussion: """
            Finds a pending or active peering between VPC_A and VPC_B (either direction) or requests one \
            from VPC_A, accepts it as VPC_B's account, and waits until it is active. With --routes, every \
            route table used by either VPC's subnets gets a route to each of the other VPC's IPv4 blocks via \
            the peering; with --allow, each VPC's default security group (or --security-group-a/-b) admits \
            that traffic from the other VPC's blocks.

            Idempotent: what is already there is reported as "already there", and a second run changes \
            nothing. A route whose destination already goes elsewhere is never replaced: it is reported as a \
            conflict and the command exits 1. Works against LocalVPC or AWS itself: credentials, region and \
            endpoint are resolved as the AWS CLI does (AWS_ACCESS_KEY_ID…, AWS_PROFILE, ~/.aws/credentials, \
            ~/.aws/config, AWS_REGION, AWS_ENDPOINT_URL_EC2, AWS_ENDPOINT_URL).

            Examples:
              localvpc peer VPC1 VPC2 --routes --allow icmp,tcp:22 \\
                  --endpoint-url http://127.0.0.1:4566
              localvpc peer vpc-1a2b3c4d vpc-5e6f7a8b --routes \\
                  --peer-owner 222222222222 --accepter-profile other
              localvpc peer app db --peer-region eu-west-1 --routes --dry-run

            Exit status: 0 when everything asked for is in place, 1 otherwise (an error, a failed peering, a \
            route conflict, or a request still waiting for another account).
            """
    )

    @Argument(help: ArgumentHelp("The requester VPC: its id, or the value of its Name tag.", valueName: "VPC_A"))
    var vpcA: String

    @Argument(
        help: ArgumentHelp(
            "The accepter VPC: its id, or its Name tag (an id when it is in another account and there is no --accepter-profile).", valueName: "VPC_B")
    )
    var vpcB: String

    @Option(help: "Region of VPC_A (default: AWS_REGION, AWS_DEFAULT_REGION, or the profile's region).")
    var region: String?

    @Option(help: "Profile (~/.aws/credentials, ~/.aws/config) of VPC_A's account.")
    var profile: String?

    @Option(name: .customLong("endpoint-url"), help: "EC2 endpoint (default: AWS_ENDPOINT_URL_EC2, AWS_ENDPOINT_URL, or AWS's own).")
    var endpointURL: String?

    @Option(help: "Account that owns VPC_B, when it is not VPC_A's (PeerOwnerId).")
    var peerOwner: String?

    @Option(help: "Region of VPC_B, when it is not VPC_A's (PeerRegion).")
    var peerRegion: String?

    @Option(help: "Profile with the credentials of VPC_B's account, to accept a cross-account request (default: the same credentials).")
    var accepterProfile: String?

    @Flag(help: "Route each VPC's subnets to the other VPC's IPv4 blocks via the peering.")
    var routes = false

    @Option(help: "Traffic to admit from the peer VPC's blocks: a list of icmp, tcp:PORT[-PORT], udp:PORT[-PORT], all.")
    var allow: String?

    @Option(name: .customLong("security-group-a"), help: "Security group to open in VPC_A (default: its default group).")
    var securityGroupA: String?

    @Option(name: .customLong("security-group-b"), help: "Security group to open in VPC_B (default: its default group).")
    var securityGroupB: String?

    @Option(help: "text (a line per step) or json (one document at the end).")
    var output: OutputFormat = .text

    @Flag(help: "Describe and print the plan; change nothing.")
    var dryRun = false

    @Option(help: "Seconds to wait for the peering to become active.")
    var timeout = 120

    /// How the report is printed.
    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    func validate() throws {
        if let peerOwner, peerOwner.count != 12 || !peerOwner.allSatisfy(\.isASCII) || !peerOwner.allSatisfy(\.isNumber) {
            throw ValidationError("--peer-owner must be a 12-digit account id")
        }
        do {
            _ = try AllowedTraffic.parseList(allow ?? "")
        } catch {
            throw ValidationError(error.message)
        }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
    }

    func run() async throws {
        let setup: PeeringSetup
        do {
            setup = try makeSetup()
        } catch {
            var outcome = PeeringOutcome(dryRun: dryRun)
            outcome.error = PeeringOutcome.Failure(code: error.code, message: error.message)
            finish(outcome)
            throw ExitCode.failure
        }
        let format = output
        let outcome = await setup.run { step in
            if format == .text { Self.write(step.message, to: .standardOutput) }
        }
        finish(outcome)
        if !outcome.succeeded { throw ExitCode.failure }
    }

    private func makeSetup() throws(EC2ClientError) -> PeeringSetup {
        let environment = AWSEnvironment()
        let requester = try environment.clientConfiguration(profile: profile, region: region, endpointURL: endpointURL)
        let accepter = try environment.clientConfiguration(
            profile: accepterProfile ?? profile, region: peerRegion ?? requester.region, endpointURL: endpointURL)
        let options = PeeringSetup.Options(
            vpcA: vpcA, vpcB: vpcB, peerOwner: peerOwner, hasAccepterCredentials: accepterProfile != nil, routes: routes,
            allow: (try? AllowedTraffic.parseList(allow ?? "")) ?? [], securityGroupA: securityGroupA, securityGroupB: securityGroupB,
            dryRun: dryRun, activeTimeout: .seconds(timeout))
        return PeeringSetup(requester: EC2Client(configuration: requester), accepter: EC2Client(configuration: accepter), options: options)
    }

    private func finish(_ outcome: PeeringOutcome) {
        switch output {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = (try? encoder.encode(JSONReport(outcome: outcome))) ?? Data("{}".utf8)
            Self.write(String(decoding: data, as: UTF8.self), to: .standardOutput)
        case .text:
            Self.write(outcome.summary, to: outcome.error == nil ? .standardOutput : .standardError)
        }
    }

    private static func write(_ line: String, to handle: FileHandle) {
        handle.write(Data((line + "\n").utf8))
    }
}

/// `--output json`: the outcome plus its counts and verdict.
private struct JSONReport: Encodable {
    var outcome: PeeringOutcome

    private enum ExtraKeys: String, CodingKey {
        case changes, conflicts, succeeded, summary
    }

    func encode(to encoder: any Encoder) throws {
        try outcome.encode(to: encoder)
        var container = encoder.container(keyedBy: ExtraKeys.self)
        try container.encode(outcome.changes, forKey: .changes)
        try container.encode(outcome.conflicts, forKey: .conflicts)
        try container.encode(outcome.succeeded, forKey: .succeeded)
        try container.encode(outcome.summary, forKey: .summary)
    }
}
