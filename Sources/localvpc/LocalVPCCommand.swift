import ArgumentParser
import ServeCommand
import Server

/// `localvpc`: AWS VPC networking on one machine.
@main
struct LocalVPCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "localvpc",
        abstract: "AWS VPC networking on one machine: the EC2 API the AWS CLI, boto3 and Terraform speak.",
        version: LocalVPC.version,
        subcommands: [Serve.self, Peer.self, Reach.self, Doctor.self, Instance.self, Internet.self, Connect.self, FlowLogs.self]
    )
}
