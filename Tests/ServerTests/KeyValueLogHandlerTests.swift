import Logging
import Server
import Synchronization
import Testing

/// The log: text from requests is escaped, so it can neither start a line of its own nor add a `key=value`.
struct KeyValueLogHandlerTests {
    /// The lines a logger writes, one string per `write`.
    final class Lines: Sendable {
        let written = Mutex<[String]>([])
        var all: [String] { written.withLock { $0 } }
    }

    static func logger(_ lines: Lines) -> Logger {
        Logger(label: "localvpc") { label in KeyValueLogHandler(label: label) { line in lines.written.withLock { $0.append(line) } } }
    }

    @Test(arguments: [
        ("DescribeVpcs", "action=DescribeVpcs"),
        ("Nope\n2026-01-01T00:00:00+0000 critical localvpc: FORGED", #"action="Nope\n2026-01-01T00:00:00+0000 critical localvpc: FORGED""#),
        ("x status=200", #"action="x status=200""#),
        ("a\"b", #"action="a\"b""#),
        ("\u{1b}[31m\r\t\u{7f}\u{85}\u{2028}", #"action="\u{1b}[31m\r\t\u{7f}\u{85}\u{2028}""#),
        ("back\\slash", #"action="back\\slash""#),
        ("", #"action="""#),
    ])
    func metadataValuesAreEscapedAndQuoted(action: String, logged: String) throws {
        let lines = Lines()
        Self.logger(lines).info("request", metadata: ["action": "\(action)", "status": "400"])
        let line = try #require(lines.all.first)
        #expect(lines.all.count == 1)
        #expect(line.hasSuffix(" info localvpc: request \(logged) status=400\n"))
        #expect(line.dropLast().allSatisfy { !$0.isNewline })
    }

    @Test func messagesAreEscapedToo() {
        let lines = Lines()
        Self.logger(lines).warning("could not read \("eni-1\nFORGED")")
        #expect(lines.all.count == 1)
        #expect(lines.all[0].hasSuffix(#" warning localvpc: could not read eni-1\nFORGED"# + "\n"))
    }

    @Test func theLevelFiltersAndLoggerMetadataIsKept() {
        let lines = Lines()
        var logger = Self.logger(lines)
        logger.logLevel = .info
        logger[metadataKey: "request-id"] = "r-1"
        logger.debug("hidden")
        logger.info("shown", metadata: ["list": ["a b", "c"]])
        #expect(lines.all.count == 1)
        #expect(lines.all[0].hasSuffix(#" info localvpc: shown list="[a b, c]" request-id=r-1"# + "\n"))
    }
}
