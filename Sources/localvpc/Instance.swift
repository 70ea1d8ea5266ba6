import ArgumentParser
import DataPlane
import EC2Client
import Foundation

/// `localvpc instance`: use a running instance from the host.
struct Instance: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Use a running instance (LocalVPC's data plane, as root on Linux).",
        subcommands: [InstanceExec.self])
}

/// `localvpc instance exec INSTANCE -- CMD [ARGS…]`: runs a command inside the instance's network namespace.
struct InstanceExec: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run a command inside an instance (its network namespace), e.g. ping, curl, nc; exits with its status.",
        discussion: "INSTANCE is an instance id or the value of its Name tag. Example: localvpc instance exec web -- ping -c 3 10.1.0.12")

    @Argument(help: "Instance id (i-…) or Name tag.")
    var instance: String

    @Argument(parsing: .postTerminator, help: "The command and its arguments, after --.")
    var command: [String]

    @OptionGroup var api: APIOptions

    func validate() throws {
        guard !command.isEmpty else { throw ValidationError("give the command after --, e.g. -- ping -c 3 10.0.1.5") }
    }

    func run() async throws {
        let id: String
        do {
            id = try await api.instanceId(named: instance)
        } catch {
            throw ExecFailure("\(error)")
        }
        try NamespaceExec(namespace: InstanceHost.namespace(of: id), what: "instance \(id)").replaceProcess(with: command)
    }
}

/// `localvpc internet exec -- CMD [ARGS…]`: runs a command in LocalVPC's internet.
struct Internet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Use LocalVPC's internet: a namespace reachable only through internet and NAT gateways.",
        subcommands: [InternetExec.self])
}

struct InternetExec: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run a command on LocalVPC's internet (addresses 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24).",
        discussion: """
            Example: localvpc internet exec -- python3 -m http.server 80 --bind 203.0.113.10 (an instance with a public \\
            address and a route to an internet gateway fetches http://203.0.113.10/), or localvpc internet exec -- \\
            ping -c 3 PUBLIC-IP-OF-AN-INSTANCE.
            """)

    @Argument(parsing: .postTerminator, help: "The command and its arguments, after --.")
    var command: [String]

    @OptionGroup var api: APIOptions

    func validate() throws {
        guard !command.isEmpty else { throw ValidationError("give the command after --, e.g. -- curl -s http://203.0.113.10/") }
    }

    func run() async throws {
        let port = (try? api.endpoint())?.port ?? 4566
        var namespace = DataPlaneNames.internet(port: port)
        // One server on the machine: its internet, whatever the port.
        let internets = NetworkNamespace.names().filter { $0.hasPrefix(DataPlaneNames.internetPrefix) }
        if !internets.contains(namespace), internets.count == 1 { namespace = internets[0] }
        try NamespaceExec(namespace: namespace, what: "LocalVPC's internet (server on port \(port))").replaceProcess(with: command)
    }
}

/// Replaces this process with a command run inside one of LocalVPC's namespaces (through `ip netns exec`, which
/// also gives the command the namespace's view of /sys), so the command's exit status is ours.
struct NamespaceExec {
    let namespace: String
    let what: String

    func replaceProcess(with command: [String]) throws -> Never {
        guard FileManager.default.fileExists(atPath: "/run/netns/\(namespace)") else {
            throw ExecFailure(
                "\(what) has no network namespace (\(namespace)) on this machine: it is not running, or the server runs without its data plane "
                    + "(root on Linux, serve --data-plane auto|on; see /_localvpc/health)")
        }
        let arguments = ["ip", "netns", "exec", namespace] + command
        let argv = arguments.map { strdup($0) } + [nil]
        Self.restoreDefaultSignals()
        execvp("ip", argv)
        throw ExecFailure("could not run ip netns exec (iproute2): \(String(cString: strerror(errno)))")
    }
}

extension NamespaceExec {
    /// Gives the command every signal unblocked and at its default, as a shell would: a signal mask and ignored
    /// signals survive `exec`, and this process runs on a thread of Swift's pool, which blocks nearly every signal
    /// (and something before has ignored SIGINT and SIGQUIT). Without this, Ctrl-C could not stop a `ping` in an
    /// instance, nor SIGTERM a server started there.
    static func restoreDefaultSignals() {
        var none = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, nil)
        for number in 1..<Int32(32) where number != SIGKILL && number != SIGSTOP {
            signal(number, SIG_DFL)
        }
    }
}

/// An error `instance exec` and `internet exec` print before running anything (exit status 2, like `reach`).
struct ExecFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
