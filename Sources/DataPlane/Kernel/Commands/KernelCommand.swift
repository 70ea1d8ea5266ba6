#if os(Linux)
    import Glibc
#endif

/// Runs one of the programs that configure the kernel (`ip`, `nft`, `iptables-nft`, `conntrack`, `sysctl`) and
/// returns what it printed.
///
/// The program is started with `posix_spawn` from the calling thread, so inside
/// ``NetworkNamespace/withEntered(_:_:)`` (or with `namespace:`) it runs in that namespace, without the cost of
/// `ip netns exec`. Its standard output and error are read together (neither can fill up and stall it), and its
/// standard input is the given text or `/dev/null`. Programs are found on `PATH`, then in `/usr/sbin`, `/sbin`,
/// `/usr/bin` and `/bin` (a service's `PATH` often lacks the `sbin` folders).
public struct KernelCommand {
    /// Runs `executable` with `arguments` and returns its standard output.
    ///
    /// - Parameters:
    ///   - input: written to the program's standard input (for `ip -batch -`, `nft -f -`), which is then closed.
    ///   - namespace: a network namespace of ours to run it in; the calling thread's own namespace when nil.
    /// - Throws: ``KernelError`` `.programMissing` naming the apt package to install, or `.programFailed` with the
    ///   exit status and standard error when the program exits with a status other than 0.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], input: String? = nil, namespace: String? = nil) throws -> String {
        #if os(Linux)
            let path = try location(of: executable)
            let commandLine = ([executable] + arguments).joined(separator: " ")
            let inputBytes = input.map { Array($0.utf8) }
            let process =
                if let namespace {
                    try NetworkNamespace.withEntered(namespace) { try SpawnedProcess(path: path, arguments: arguments, input: inputBytes) }
                } else {
                    try SpawnedProcess(path: path, arguments: arguments, input: inputBytes)
                }
            let output = try process.finish()
            guard output.status == 0 else {
                throw KernelError.programFailed(
                    commandLine, exitStatus: output.status, standardError: String(decoding: output.standardError, as: UTF8.self))
            }
            return String(decoding: output.standardOutput, as: UTF8.self)
        #else
            throw KernelError.notSupported("running \(executable)")
        #endif
    }

    /// The Debian package that installs each program the data plane and its tests use, for the error when one is missing.
    static let packages = [
        "ip": "iproute2", "nft": "nftables", "iptables": "iptables", "iptables-nft": "iptables", "ip6tables-nft": "iptables",
        "conntrack": "conntrack", "sysctl": "procps", "ping": "iputils-ping", "nc": "netcat-openbsd", "python3": "python3",
        "iperf3": "iperf3", "curl": "curl",
    ]

    /// The full path of `executable`: itself when it holds a slash, else the first executable file of that name on
    /// `PATH` or in the system folders.
    static func location(of executable: String) throws -> String {
        #if os(Linux)
            if executable.contains("/") {
                guard access(executable, X_OK) == 0 else { throw KernelError.programMissing(executable, package: nil) }
                return executable
            }
            let searchPath = getenv("PATH").map { String(cString: $0) } ?? ""
            let folders = searchPath.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]
            for folder in folders where !folder.isEmpty {
                let candidate = "\(folder)/\(executable)"
                if access(candidate, X_OK) == 0 { return candidate }
            }
            throw KernelError.programMissing(executable, package: packages[executable])
        #else
            throw KernelError.notSupported("running \(executable)")
        #endif
    }
}
