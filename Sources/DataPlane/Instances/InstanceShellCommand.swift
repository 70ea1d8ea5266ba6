import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One command line run inside an instance, as a line typed in the web console's Connect terminal: `/bin/bash -c`
/// through `ip netns exec` (so it sees the instance's resolv.conf, as `localvpc instance exec` does), at most
/// `seconds` long, its output (both streams, at most `maximumOutput` bytes) read from a file when it ends. A job it
/// leaves in the background goes on, as in a shell, without holding the answer back.
public enum InstanceShellCommand {
    public struct Outcome: Sendable, Hashable {
        public let output: String
        /// The exit status; 124 when it ran out of time (as `timeout` says).
        public let status: Int32
        public var timedOut: Bool { status == 124 }
    }

    public static let maximumOutput = 256 * 1024

    /// Runs `commandLine` in the network namespace `namespace` (one of ours) and waits for it.
    public static func run(_ commandLine: String, in namespace: String, seconds: Int) throws -> Outcome {
        #if os(Linux)
            _ = try NetworkNamespace.path(of: namespace)
            let ip = try KernelCommand.location(of: "ip")
            let timeout = try KernelCommand.location(of: "timeout")
            let outputPath = NSTemporaryDirectory() + "lvpc-shell-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: outputPath) }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
            let words = ["timeout", "-k", "2", String(seconds), ip, "netns", "exec", namespace, "/bin/bash", "--norc", "-c", commandLine]
            let arguments: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
            let variables: [String] = [
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root", "LANG=C.UTF-8", "TERM=dumb",
            ]
            let environment: [UnsafeMutablePointer<CChar>?] = variables.map { strdup($0) } + [nil]
            defer { (arguments + environment).forEach { free($0) } }
            var processId = pid_t()
            let started = withSpawnAttributes(newSession: true) { attributes in
                posix_spawn(&processId, timeout, &actions, &attributes, arguments, environment)
            }
            guard started == 0 else { throw KernelError.systemCall("posix_spawn(\(timeout))", errorNumber: started) }
            var status: Int32 = 0
            while waitpid(processId, &status, 0) == -1 && errno == EINTR {}
            let handle = FileHandle(forReadingAtPath: outputPath)
            let bytes = (try? handle?.read(upToCount: maximumOutput)) ?? nil
            try? handle?.close()
            let signal = status & 0x7f
            return Outcome(output: String(decoding: bytes ?? Data(), as: UTF8.self), status: signal == 0 ? (status >> 8) & 0xff : 128 + signal)
        #else
            throw KernelError.notSupported("running commands in instances")
        #endif
    }
}
