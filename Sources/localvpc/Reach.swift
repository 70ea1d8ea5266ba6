import ArgumentParser
import ReachabilityClient

/// `localvpc reach SRC DST`: the path hop by hop and the verdict, from a Network Insights analysis on any endpoint.
/// `localvpc reach --matrix`: which instances reach which.
struct Reach: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Can SRC reach DST? The path hop by hop, the verdict, and what blocks it.",
        discussion: """
            SRC and DST are instance, network interface or internet gateway ids, Name tags, or IPv4 addresses \
            (an interface's private or public address, or a host outside). The question is asked as AWS's \
            Reachability Analyzer asks it: a Network Insights path is created, analysed, read and deleted with \
            its analysis, so this works against LocalVPC or AWS itself. Credentials, region and endpoint are \
            resolved as the AWS CLI does.

            Examples:
              localvpc reach web db --protocol tcp --port 5432
              localvpc reach i-0a1b2c3d4e5f60718 10.0.1.20 --protocol icmp
              localvpc reach --matrix --vpc app --protocol tcp --port 22 --output json
              localvpc reach web ec2-198-18-0-7.compute-1.amazonaws.com --protocol tcp --port 443

            DST may be a DNS name: it is resolved first as SRC's VPC resolver (the Amazon DNS server) would \
            answer it, saying why (DNS attributes, AllowDnsResolutionFromRemoteVpc on a peering), and the path \
            goes to the address it gives.

            Exit status: 0 reachable (for --matrix: answered), 1 not reachable, 2 an error.
            """
    )

    @Argument(help: ArgumentHelp("Where the traffic starts.", valueName: "SRC"))
    var source: String?

    @Argument(help: ArgumentHelp("Where it goes.", valueName: "DST"))
    var destination: String?

    @Flag(help: "Analyse every ordered pair of instances instead (of --vpc, or of the region).")
    var matrix = false

    @Option(help: "With --matrix: only the instances of this VPC (id or Name tag).")
    var vpc: String?

    @OptionGroup var traffic: TrafficOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if matrix {
            guard source == nil, destination == nil else { throw ValidationError("--matrix takes no SRC or DST") }
        } else {
            guard source != nil, destination != nil else { throw ValidationError("give SRC and DST, or --matrix") }
            guard vpc == nil else { throw ValidationError("--vpc goes with --matrix") }
        }
    }

    func run() async throws {
        let reach: ReachabilityClient
        do {
            reach = try connection.makeClient()
        } catch {
            throw connection.fail(error)
        }
        if matrix {
            do {
                let result = try await reach.matrix(vpc: vpc, traffic.traffic)
                connection.emit(ReportText.matrix(result, traffic.ipProtocol.rawValue, traffic.port), json: result)
                return
            } catch {
                throw connection.fail(error)
            }
        }
        let report: PathReport?
        let lookup: DnsLookup?
        do {
            let from = try await reach.endpoint(source ?? "")
            // A DNS name is resolved first, as the source's VPC resolver would answer it; the path goes to the answer.
            lookup = try await ReachabilityClient.isDnsName(destination ?? "") ? reach.lookup(destination ?? "", from: from) : nil
            if let lookup, lookup.address == nil {
                report = nil
            } else {
                let to = try await reach.endpoint(lookup?.address ?? destination ?? "")
                report = try await reach.analyze(from: from, to: to, traffic.traffic)
            }
        } catch {
            throw connection.fail(error)
        }
        let text = [lookup.map { ReportText.dns($0, commandSuffix: connection.commandSuffix) }, report.map(ReportText.report)].compactMap { $0 }
        if let lookup {
            connection.emit(text.joined(separator: "\n"), json: NamedReachJSON(dns: lookup.summary, report: report))
        } else if let report {
            connection.emit(text.joined(separator: "\n"), json: report)
        }
        if report?.reachable != true { throw ExitCode.failure }
    }
}

/// `reach SRC NAME --output json`: how the name resolved, and the report on the path to its address (if any).
struct NamedReachJSON: Encodable {
    var dns: [String: String]
    var report: PathReport?
}
