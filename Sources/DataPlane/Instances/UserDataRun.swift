import Foundation

/// An instance's user data, run once at its first start inside its namespace, as cloud-init runs a user data
/// script: as root, with its standard output and error going to the console.
///
/// The script runs on the host's filesystem and process table (only the network is the instance's own), so it can
/// start a server the instance's peers reach (`python3 -m http.server 80 &`). Its processes end with the instance:
/// the reconciler kills whatever runs in a namespace before removing it.
struct UserDataRun: Sendable {
    let instanceId: String
    let namespace: String
    /// The script, decoded from the user data's base64.
    let script: Data
    /// Where scripts and their output are kept while they run.
    static let directory = "/run/localvpc/user-data"

    /// What cloud-init would do with this user data: a script to run (it starts with `#!`), or why it is not run.
    static func script(fromBase64 userData: String) -> Result<Data, Skipped> {
        guard let data = Data(base64Encoded: userData, options: .ignoreUnknownCharacters), !data.isEmpty else {
            return .failure(Skipped(reason: "the user data is empty"))
        }
        guard data.starts(with: Array("#!".utf8)) else {
            let firstLine = String(decoding: data.prefix(40), as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
            return .failure(Skipped(reason: "LocalVPC runs user data scripts (#!…) only; this starts \(firstLine.debugDescription)"))
        }
        return .success(data)
    }

    struct Skipped: Error {
        let reason: String
    }

    /// Starts the script; `finished` gets what it printed and how it ended, once its own process ends (processes it
    /// left in the background go on, as after cloud-init).
    func start(finished: @escaping @Sendable (String) -> Void) throws {
        #if os(Linux)
            try FileManager.default.createDirectory(atPath: Self.directory, withIntermediateDirectories: true)
            let scriptPath = "\(Self.directory)/\(instanceId).sh"
            let outputPath = "\(Self.directory)/\(instanceId).out"
            guard FileManager.default.createFile(atPath: scriptPath, contents: script, attributes: [.posixPermissions: 0o700]) else {
                throw KernelError.systemCall("writing \(scriptPath)", errorNumber: errno)
            }
            // A file, not a pipe, and no Foundation Process (its exit watch is inherited by the children): a server
            // the script leaves running must not hold the end back.
            let processId = try Self.spawn(scriptPath, output: outputPath, instanceId: instanceId, namespace: namespace)
            let started = Date()
            let waiter = Thread {
                var status: Int32 = 0
                while waitpid(processId, &status, 0) == -1 && errno == EINTR {}
                let printed = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
                try? FileManager.default.removeItem(atPath: scriptPath)
                try? FileManager.default.removeItem(atPath: outputPath)
                let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
                let signal = status & 0x7f
                let ending = signal == 0 ? "exit status \((status >> 8) & 0xff)" : "signal \(signal)"
                let newline = printed.isEmpty || printed.hasSuffix("\n") ? "" : "\n"
                finished(printed + newline + "cloud-init: user data script finished (\(ending)) after \(seconds) s\n")
            }
            waiter.name = "localvpc.user-data"
            waiter.start()
        #else
            throw KernelError.notSupported("running user data")
        #endif
    }

    #if os(Linux)
        /// The script as root, in a session of its own, its output (both streams) to `output`, through `ip netns exec`
        /// as `localvpc instance exec` runs commands: so it sees the namespace's `/etc/netns` files (its resolv.conf).
        private static func spawn(_ path: String, output: String, instanceId: String, namespace: String) throws -> pid_t {
            let ip = try KernelCommand.location(of: "ip")
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
            let words: [String] = ["ip", "netns", "exec", namespace, path]
            let arguments: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
            let variables = [
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root", "LANG=C.UTF-8", "INSTANCE_ID=\(instanceId)",
            ]
            let environment: [UnsafeMutablePointer<CChar>?] = variables.map { strdup($0) } + [nil]
            defer { (arguments + environment).forEach { free($0) } }
            var processId = pid_t()
            let result = withSpawnAttributes(newSession: true) { attributes in
                posix_spawn(&processId, ip, &actions, &attributes, arguments, environment)
            }
            guard result == 0 else { throw KernelError.systemCall("posix_spawn(\(ip) netns exec \(namespace) \(path))", errorNumber: result) }
            return processId
        }
    #endif
}
