import Foundation

/// Files of this repository, found from this source file's location.
enum RepositoryFiles {
    /// The repository root, found from this file's path, `Tests/EC2ProtocolTests/Support/RepositoryFiles.swift`.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The contents of the file at `path`, relative to the root.
    static func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// The `.swift` files directly in the folder `path`, name → contents.
    static func swiftFiles(in path: String) throws -> [String: String] {
        let folder = root.appendingPathComponent(path)
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".swift") {
            files[name] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        return files
    }
}
