import Foundation

/// Which `lvpc-` namespaces are this server's: each one it makes gets a record under /run/localvpc naming the server
/// (its port and state) and its process id.
///
/// At start-up the server removes the namespaces it left behind (its own key, or a process that is gone, as after
/// `kill -9`) and never touches another live server's, nor a namespace without a record (not made by a server).
struct NamespaceOwnership: Sendable {
    /// Names the server: two servers on one machine never share a port.
    let key: String
    let directory: String

    init(key: String, directory: String = "/run/localvpc") {
        self.key = key
        self.directory = directory
    }

    func claim(_ namespace: String) {
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let record = "\(getpid())\n\(key)\n"
        FileManager.default.createFile(atPath: path(namespace), contents: Data(record.utf8))
    }

    func release(_ namespace: String) {
        try? FileManager.default.removeItem(atPath: path(namespace))
    }

    /// The namespaces of ours a previous run left: recorded with this server's key, or by a process that has ended.
    func leftovers(among namespaces: [String]) -> [String] {
        namespaces.filter { namespace in
            guard namespace.hasPrefix(DataPlaneNames.prefix),
                let record = try? String(contentsOfFile: path(namespace), encoding: .utf8)
            else { return false }
            let lines = record.split(separator: "\n").map(String.init)
            guard lines.count >= 2, let pid = Int32(lines[0]) else { return true }
            return lines[1] == key || !Self.isAlive(pid)
        }
    }

    private func path(_ namespace: String) -> String { "\(directory)/\(namespace)" }

    private static func isAlive(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
