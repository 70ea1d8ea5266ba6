/// One entry of the instance metadata tree: a value, or a directory whose listing names its children.
///
/// AWS's layout: a directory answers with its children's names one per line, a sub-directory's name ending in `/`;
/// a value answers with its text (several values, such as `local-ipv4s`, one per line, no newline at the end).
enum MetadataNode: Sendable, Hashable {
    case value([UInt8])
    /// The children in the order the listing shows them.
    case directory([Entry])

    struct Entry: Sendable, Hashable {
        let name: String
        let node: MetadataNode
        /// How the parent's listing shows it: `name/` for a sub-directory, except at the top (`latest`, `meta-data`).
        let listed: String
    }

    /// A text value.
    static func text(_ text: String) -> Self { .value(Array(text.utf8)) }

    /// Several values, one per line.
    static func lines(_ lines: [String]) -> Self { .text(lines.joined(separator: "\n")) }

    /// A directory of `entries`, in the order given. AWS marks sub-directories with a `/` in every listing but the
    /// two at the top (`/` lists the versions, `/latest/` lists `dynamic`, `meta-data`, `user-data`): `marksDirectories`.
    static func directory(_ entries: [(String, MetadataNode)], marksDirectories: Bool = true) -> Self {
        .directory(
            entries.map { name, node in
                let isDirectory = if case .directory = node { true } else { false }
                return Entry(name: name, node: node, listed: isDirectory && marksDirectories ? name + "/" : name)
            })
    }

    /// The node at `path` (its components, without empty ones) below this one, or nil when there is none.
    func node(at path: some Collection<String>) -> MetadataNode? {
        guard let first = path.first else { return self }
        guard case .directory(let entries) = self, let entry = entries.first(where: { $0.name == first }) else { return nil }
        return entry.node.node(at: path.dropFirst())
    }

    /// What a GET answers: the value, or the listing of a directory.
    var body: [UInt8] {
        switch self {
        case .value(let bytes): bytes
        case .directory(let entries):
            Array(entries.map(\.listed).joined(separator: "\n").utf8)
        }
    }
}
