import ArgumentParser
import ServeCommand
import Server

/// `localvpc-server`: `localvpc serve` on its own. Without the client commands (`peer`, `reach`, `doctor`), the
/// process does not load their HTTP and XML libraries (FoundationNetworking with libcurl, FoundationXML with
/// libxml2), so it starts faster and stays smaller; bench/compare.py measures this binary.
@main
struct LocalVPCServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "localvpc-server",
        abstract: "The LocalVPC server alone: the same options as `localvpc serve`.",
        version: LocalVPC.version,
        subcommands: [Serve.self],
        defaultSubcommand: Serve.self
    )
}
