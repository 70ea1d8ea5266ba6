import AWSTimestamp
public import Foundation
public import Logging

/// The server's log: one line per event, `TIME LEVEL LABEL: MESSAGE key=value …`, on standard error.
///
/// Request-derived text (an `Action`, parameters, ids, header values) reaches the log only as metadata values, and
/// every message and value is escaped here: control characters (a newline above all) are written as `\n`, `\u{1b}`,
/// …, and a value holding a space, a quote, `=` or an escape is quoted. A client therefore cannot end a line and
/// start a forged one (`Action=Nope%0A2026-01-01T00:00:00+0000 critical localvpc: FORGED`), nor add a `key=value`
/// of its own to a real one. swift-log's `StreamLogHandler` writes both raw.
public struct KeyValueLogHandler: LogHandler {
    /// The level: the shared `LogLevelSwitch`'s while this copy follows one, else its own. Setting it on one
    /// logger detaches that logger alone from the switch: it never changes every other logger's level.
    public var logLevel: Logger.Level {
        get { levelSwitch?.level ?? ownLevel }
        set {
            levelSwitch = nil
            ownLevel = newValue
        }
    }
    private var ownLevel: Logger.Level
    private var levelSwitch: LogLevelSwitch?
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let write: @Sendable (String) -> Void

    /// A handler writing to standard error, one `write` per line so that lines of concurrent requests never mix.
    public static func standardError(label: String, logLevel: Logger.Level = .info) -> KeyValueLogHandler {
        standardError(label: label, levelSwitch: LogLevelSwitch(logLevel))
    }

    /// A handler writing to standard error at the level `levelSwitch` holds, now and after any change.
    public static func standardError(label: String, levelSwitch: LogLevelSwitch) -> KeyValueLogHandler {
        KeyValueLogHandler(label: label, levelSwitch: levelSwitch) { line in
            var line = line
            line.withUTF8 { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Foundation.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                    if written <= 0 { return }
                    offset += written
                }
            }
        }
    }

    /// A handler handing each finished line (ending in a newline) to `write`: tests read what would be logged.
    public init(label: String, logLevel: Logger.Level = .info, write: @escaping @Sendable (String) -> Void) {
        self.label = label
        ownLevel = logLevel
        levelSwitch = nil
        self.write = write
    }

    /// A handler whose level is `levelSwitch`'s, handing each finished line to `write`.
    public init(label: String, levelSwitch: LogLevelSwitch, write: @escaping @Sendable (String) -> Void) {
        self.label = label
        ownLevel = levelSwitch.level
        self.levelSwitch = levelSwitch
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all: Logger.Metadata
        if metadata.isEmpty, metadataProvider == nil, event.error == nil {
            // A request's line: its own metadata only, used as it is rather than merged into a new dictionary.
            all = event.metadata ?? [:]
        } else {
            all = metadata
            if let provided = metadataProvider?.get() { all.merge(provided) { _, new in new } }
            if let explicit = event.metadata { all.merge(explicit) { _, new in new } }
            if let error = event.error { all["error"] = "\(error)" }
        }
        // Appended in place into one string with room for a request's line, rather than concatenated piece by piece.
        var line = ""
        line.reserveCapacity(256)
        line.append(AWSTimestamp.format(Date()))
        line.append(" ")
        line.append(event.level.rawValue)
        line.append(" ")
        line.append(Self.escaped(label))
        line.append(": ")
        line.append(Self.escaped(event.message.description))
        for (key, value) in all.sorted(by: { $0.key < $1.key }) {
            line.append(" ")
            line.append(Self.quoted(key))
            line.append("=")
            line.append(Self.quoted(Self.flattened(value)))
        }
        line.append("\n")
        write(line)
    }

    /// A metadata value as one string: lists and dictionaries as `[a, b]` and `[k: v]`, escaped later as a whole.
    static func flattened(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let text): text
        case .stringConvertible(let value): value.description
        case .array(let values): "[" + values.map(flattened).joined(separator: ", ") + "]"
        case .dictionary(let values): "[" + values.keys.sorted().map { "\($0): \(flattened(values[$0]!))" }.joined(separator: ", ") + "]"
        }
    }

    /// `text` with every control character (C0, DEL, C1, and the Unicode line and paragraph separators) escaped,
    /// and the backslash too, so that an escape in the log always means one was made here.
    static func escaped(_ text: String) -> String {
        // Almost every message, key and value is printable ASCII without a backslash: nothing to escape, and no
        // need to rebuild it scalar by scalar (which was most of the cost of a request's log line).
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") }) { return text }
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\\": result += "\\\\"
            case _ where scalar.value < 0x20 || (0x7f...0x9f).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029:
                result += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `text` escaped, and in double quotes (with `"` escaped) if it is empty or holds a space, a quote, `=` or an
    /// escape: a value can never look like more than one `key=value`.
    static func quoted(_ text: String) -> String {
        let escaped = escaped(text)
        let needsQuotes =
            escaped.isEmpty
            || escaped.utf8.contains { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: "\\") }
        guard needsQuotes else { return escaped }
        return "\"" + escaped.replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
