import ArgumentParser
import EC2Client
import Foundation

/// `--endpoint-url`, `--region`, `--profile`, resolved as the AWS CLI resolves them.
struct APIOptions: ParsableArguments {
    @Option(name: .customLong("endpoint-url"), help: "EC2 endpoint (default: AWS_ENDPOINT_URL_EC2, AWS_ENDPOINT_URL, or AWS's own).")
    var endpointURL: String?

    @Option(help: "Region (default: AWS_REGION, AWS_DEFAULT_REGION, or the profile's region).")
    var region: String?

    @Option(help: "Profile (~/.aws/credentials, ~/.aws/config).")
    var profile: String?

    func endpoint() throws -> URL {
        try AWSEnvironment().clientConfiguration(profile: profile, region: region, endpointURL: endpointURL).endpoint
    }

    /// `name` itself when it is an instance id; else the one running (or pending) instance whose Name tag it is.
    func instanceId(named name: String) async throws -> String {
        if name.hasPrefix("i-") { return name }
        let client = EC2Client(configuration: try AWSEnvironment().clientConfiguration(profile: profile, region: region, endpointURL: endpointURL))
        let pages = try await client.callPages(
            "DescribeInstances",
            [
                ("Filter.1.Name", "tag:Name"), ("Filter.1.Value.1", name), ("Filter.2.Name", "instance-state-name"),
                ("Filter.2.Value.1", "running"), ("Filter.2.Value.2", "pending"),
            ])
        let ids = pages.flatMap { $0.items("reservationSet") }.flatMap { $0.items("instancesSet") }.compactMap { $0.text("instanceId") }
        switch ids.count {
        case 1: return ids[0]
        case 0: throw ExecFailure("no running instance is named \(name) (a Name tag) in this region")
        default: throw ExecFailure("\(ids.count) running instances are named \(name): give an id (\(ids.sorted().joined(separator: ", ")))")
        }
    }
}
