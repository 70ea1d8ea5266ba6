import Foundation

/// One of the AWS CLI's shared INI files: `~/.aws/credentials` or `~/.aws/config`.
///
/// Only what a static-key client needs is read: sections and their top-level `key = value`
/// lines. Indented lines (the nested `s3 =` style blocks) and comments (`#`, `;`) are skipped.
/// In the config file a profile's section is `[profile NAME]` (the default profile may be
/// `[default]`); in the credentials file it is `[NAME]`. ``section(forProfile:)`` knows both.
public struct AWSConfigFile: Sendable, Hashable {
    /// Which of the two files this is; it decides how profile sections are named.
    public enum Kind: Sendable, Hashable {
        /// `~/.aws/credentials`: sections are bare profile names.
        case credentials
        /// `~/.aws/config`: sections are `profile NAME`, except `default`.
        case config
    }

    /// The file's kind.
    public var kind: Kind
    /// Section name (as written between the brackets, trimmed) → keys (lower-cased) → values.
    public var sections: [String: [String: String]]

    /// Parses the text of a shared file.
    public init(kind: Kind, text: String) {
        self.kind = kind
        var sections: [String: [String: String]] = [:]
        var current: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            if rawLine.first == " " || rawLine.first == "\t" { continue }
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                let name = line.dropFirst().dropLast().split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
                current = name
                sections[name, default: [:]] = sections[name] ?? [:]
                continue
            }
            guard let section = current, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            sections[section, default: [:]][key] = value
        }
        self.sections = sections
    }

    /// Reads and parses the file at `path`; a missing or unreadable file is an empty one.
    public init(kind: Kind, contentsOf path: String) {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        self.init(kind: kind, text: text)
    }

    /// The keys of a profile's section, or nil when the file has no section for it.
    public func section(forProfile profile: String) -> [String: String]? {
        switch kind {
        case .credentials:
            return sections[profile]
        case .config:
            if let section = sections["profile \(profile)"] { return section }
            return profile == "default" ? sections["default"] : nil
        }
    }
}
