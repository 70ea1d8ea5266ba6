public import Foundation

/// An instance's console output as GetConsoleOutput returns it: what its boot printed, including its user data
/// script's output, as cloud-init prints it to the serial console.
public struct ConsoleOutput: Sendable, Hashable, Codable {
    /// The text, at most the last 64 KiB (AWS returns the most recent 64 KB).
    public internal(set) var text: String
    /// When it was last written.
    public internal(set) var updatedAt: Date
    /// Whether the user data has run: cloud-init runs it once per instance, at its first start.
    public internal(set) var ranUserData: Bool

    /// The most AWS returns.
    public static let limit = 64 * 1024

    public init(text: String, updatedAt: Date, ranUserData: Bool) {
        self.text = Self.tail(of: text)
        self.updatedAt = updatedAt
        self.ranUserData = ranUserData
    }

    /// The last `limit` bytes of `text`, cut at a character boundary.
    static func tail(of text: String) -> String {
        guard text.utf8.count > limit else { return text }
        var bytes = text.utf8.suffix(limit)
        // Not in the middle of a character: skip its continuation bytes.
        while let first = bytes.first, first & 0xC0 == 0x80 { bytes = bytes.dropFirst() }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Transaction {
    /// Appends `text` to an instance's console output (the data plane reports what a boot printed); `ranUserData`
    /// records that its user data has run, so it never runs again. An instance that is gone is left alone.
    public mutating func appendConsoleOutput(_ text: String, to instanceId: String, ranUserData: Bool) {
        guard var instance = get(Instance.self, instanceId) else { return }
        let before = instance.consoleOutput
        instance.consoleOutput = ConsoleOutput(
            text: (before?.text ?? "") + text, updatedAt: now, ranUserData: ranUserData || before?.ranUserData == true)
        put(instance)
    }
}
