import ArgumentParser
import EC2Client
import Foundation
import ReachabilityClient

/// `--protocol` and `--port`, shared by `reach` and `doctor`.
struct TrafficOptions: ParsableArguments {
    /// The protocols a path may name (`icmp` is LocalVPC's: AWS's Reachability Analyzer takes tcp and udp only).
    enum IPProtocol: String, ExpressibleByArgument, CaseIterable {
        case tcp, udp, icmp
    }

    @Option(name: .customLong("protocol"), help: "tcp, udp or icmp (icmp is LocalVPC's: AWS analyses tcp and udp only).")
    var ipProtocol: IPProtocol = .tcp

    @Option(help: "Destination port (the ICMP type for icmp, e.g. 8 for echo); any when omitted.")
    var port: Int?

    func validate() throws {
        if let port, !(0...65535).contains(port) { throw ValidationError("--port must be 0 to 65535") }
    }

    var traffic: ReachabilityClient.Traffic { ReachabilityClient.Traffic(ipProtocol: ipProtocol.rawValue, port: port) }
}

/// Where the API is and who calls it, resolved as the AWS CLI resolves them; and how the answer is printed.
struct ConnectionOptions: ParsableArguments {
    @OptionGroup var api: APIOptions

    @Option(help: "Seconds to wait for each analysis.")
    var timeout = 180

    @Option(help: "text or json.")
    var output: OutputFormat = .text

    /// How answers are printed.
    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
    }

    func makeClient() throws(EC2ClientError) -> ReachabilityClient {
        let configuration = try AWSEnvironment().clientConfiguration(profile: api.profile, region: api.region, endpointURL: api.endpointURL)
        return ReachabilityClient(client: EC2Client(configuration: configuration), timeout: .seconds(timeout))
    }

    /// The flags to repeat on the printed `aws` commands so they act where this command did.
    var commandSuffix: String {
        [("--region", api.region), ("--endpoint-url", api.endpointURL), ("--profile", api.profile)].compactMap { flag, value in
            value.map { "\(flag) \($0)" }
        }
        .joined(separator: " ")
    }

    /// Prints `value` as JSON, or `text` as is.
    func emit(_ text: @autoclosure () -> String, json value: some Encodable) {
        switch output {
        case .text: print(text())
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self))
        }
    }

    /// Reports an error the way the output format wants it, and ends with exit status 2.
    func fail(_ error: any Error) -> ExitCode {
        let (code, message): (String, String) =
            switch error {
            case let error as EC2ClientError: (error.code, error.message)
            case let error as ReachabilityClientError: (error.code, error.message)
            default: ("Error", "\(error)")
            }
        switch output {
        case .text: FileHandle.standardError.write(Data("error: \(code): \(message)\n".utf8))
        case .json: emit("", json: ["error": ["code": code, "message": message]])
        }
        return ExitCode(2)
    }
}
