import Addressing
import ArgumentParser
import DataPlane
import EC2Client
import Foundation
import ReachabilityClient

/// `localvpc connect INSTANCE`: EC2 Instance Connect, as the console's Connect button does it, on LocalVPC's data
/// plane: the same preconditions, each failure in the console's words, then a shell inside the instance.
struct Connect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open a shell on an instance as EC2 Instance Connect does (public address, gateway route, port 22 open).",
        discussion: """
            Checks what the console's EC2 Instance Connect needs, with real packets: the instance is running, has a \\
            public IPv4 address, and a TCP connection from the internet to it on port 22 gets through its route \\
            table, network ACL and security group. When one is missing it says which, as `localvpc reach` would, \\
            and exits with status 1. Otherwise it opens an interactive shell inside the instance (exit leaves it).
            """)

    @Argument(help: "Instance id (i-…) or Name tag.")
    var instance: String

    @OptionGroup var api: APIOptions

    func run() async throws {
        let configuration = try AWSEnvironment().clientConfiguration(profile: api.profile, region: api.region, endpointURL: api.endpointURL)
        let client = EC2Client(configuration: configuration)
        let id = try await api.instanceId(named: instance)
        let described = try await client.call("DescribeInstances", [("InstanceId.1", id)])
        guard let item = described.items("reservationSet").flatMap({ $0.items("instancesSet") }).first else {
            throw ExecFailure("the instance \(id) does not exist in this region")
        }
        let state = item.text("instanceState/name") ?? "unknown"
        guard state == "running" else { refuse(.notRunning(id, state: state)) }
        guard let publicIp = item.text("ipAddress").flatMap(IPv4Address.init) else { refuse(.noPublicAddress(id)) }
        let internet = DataPlaneNames.internet(port: configuration.endpoint.port ?? 4566)
        let connected = try InstanceConnectProbe.connects(from: internet, to: publicIp, in: InstanceHost.namespace(of: id))
        guard connected else {
            refuse(.failedToConnect(why: try? await explain(client: client, instanceId: id, vpcId: item.text("vpcId"))))
        }
        let name = "ip-" + (item.text("privateIpAddress") ?? "").replacingOccurrences(of: ".", with: "-")
        FileHandle.standardError.write(Data("Connected to \(id) (\(publicIp)) with EC2 Instance Connect. Type exit to leave.\n".utf8))
        setenv("PS1", "[ec2-user@\(name) ~]$ ", 1)
        try NamespaceExec(namespace: InstanceHost.namespace(of: id), what: "instance \(id)").replaceProcess(with: ["/bin/bash", "--norc", "-i"])
    }

    /// What blocks port 22 from the internet, from a Network Insights analysis (as `localvpc reach` prints it).
    private func explain(client: EC2Client, instanceId: String, vpcId: String?) async throws -> String? {
        guard let vpcId else { return nil }
        let gateways = try await client.call("DescribeInternetGateways", [("Filter.1.Name", "attachment.vpc-id"), ("Filter.1.Value.1", vpcId)])
        guard let gateway = gateways.items("internetGatewaySet").first?.text("internetGatewayId") else {
            return "\(vpcId) has no internet gateway: attach one (aws ec2 create-internet-gateway, aws ec2 attach-internet-gateway) "
                + "and route 0.0.0.0/0 to it."
        }
        let reach = ReachabilityClient(client: client, timeout: .seconds(60))
        let report = try await reach.analyze(
            from: try await reach.endpoint(gateway), to: try await reach.endpoint(instanceId), ReachabilityClient.Traffic(ipProtocol: "tcp", port: 22)
        )
        return ReportText.report(report)
    }

    private func refuse(_ refusal: InstanceConnectRefusal) -> Never {
        FileHandle.standardError.write(Data("\(refusal.title)\n\(refusal.detail)\n".utf8))
        Foundation.exit(1)
    }
}
