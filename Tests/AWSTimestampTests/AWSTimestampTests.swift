import AWSTimestamp
import Foundation
import Testing

/// The one timestamp format: what the XML prints is what the time filters compare and what `parse` reads back.
struct AWSTimestampTests {
    @Test(arguments: [
        (1_795_227_632.0, "2026-11-21T02:20:32.000Z"),
        (1_795_227_632.5, "2026-11-21T02:20:32.500Z"),
        (1_795_227_632.1239, "2026-11-21T02:20:32.123Z"),
        (1_795_227_632.9999, "2026-11-21T02:20:32.999Z"),
        (0.0, "1970-01-01T00:00:00.000Z"),
        (951_782_400.0, "2000-02-29T00:00:00.000Z"),
        (-1.0, "1969-12-31T23:59:59.000Z"),
        (-0.0005, "1969-12-31T23:59:59.999Z"),
        (253_402_300_799.999, "9999-12-31T23:59:59.999Z"),
    ])
    func formatTruncatesToMilliseconds(seconds: Double, text: String) {
        #expect(AWSTimestamp.format(Date(timeIntervalSince1970: seconds)) == text)
        #expect(Date(timeIntervalSince1970: seconds).awsTimestamp == text)
    }

    /// Formatting is total: a time no four-digit year can show (a state stamped by a clock once moved 1e16 seconds on)
    /// prints as the nearer end of the range instead of trapping.
    @Test(arguments: [
        (1e16, "9999-12-31T23:59:59.999Z"),
        (253_402_300_800.0, "9999-12-31T23:59:59.999Z"),
        (Double.greatestFiniteMagnitude, "9999-12-31T23:59:59.999Z"),
        (Double.infinity, "9999-12-31T23:59:59.999Z"),
        (-1e16, "0001-01-01T00:00:00.000Z"),
        (-Double.infinity, "0001-01-01T00:00:00.000Z"),
        (Double.nan, "0001-01-01T00:00:00.000Z"),
    ])
    func formatHoldsTimesOutsideFourDigitYearsToTheRange(seconds: Double, text: String) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(AWSTimestamp.format(date) == text)
        #expect(AWSTimestamp.formatInMessage(date) == text.prefix(10) + " " + text.dropFirst(11).prefix(8) + " GMT")
        #expect(AWSTimestamp.truncated(date).awsTimestamp == text)
    }

    @Test(arguments: [
        ("2026-11-21T02:20:32Z", 1_795_227_632.0),
        ("2026-11-21T02:20:32.123456Z", 1_795_227_632.123456),
        ("2026-11-21T04:20:32+02:00", 1_795_227_632.0),
        ("2026-11-21T00:20:32-0200", 1_795_227_632.0),
        ("2026-11-21T02:20:32", 1_795_227_632.0),
    ])
    func parseReadsTheFormsBotocoreSends(text: String, seconds: Double) throws {
        let date = try #require(AWSTimestamp.parse(text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 1e-6)
    }

    @Test(arguments: ["2026-02-30T00:00:00Z", "2026-11-21", "2026-11-21T02:20:32.Z", "2026-11-21T25:00:00Z", "2026-11-21T02:20:32Zjunk"])
    func parseRefusesWhatIsNotATimestamp(text: String) {
        #expect(AWSTimestamp.parse(text) == nil)
    }

    /// Every millisecond of a few seconds around now, and of a leap day: the printed text parses back to a time that
    /// prints the same text, and `truncated` lands on that time. A rounding difference between the two directions
    /// would break the round trip within the first thousand values.
    @Test(arguments: [1_795_227_632.0, 951_782_399.0, 1_700_000_000.0])
    func printedTimesRoundTrip(start: Double) throws {
        for millisecond in 0..<3000 {
            for offset in [0.0, 0.000_3, 0.000_7] {
                let date = Date(timeIntervalSince1970: start + Double(millisecond) / 1000 + offset)
                let text = AWSTimestamp.format(date)
                let parsed = try #require(AWSTimestamp.parse(text))
                #expect(AWSTimestamp.format(parsed) == text)
                #expect(AWSTimestamp.format(AWSTimestamp.truncated(date)) == text)
                #expect(AWSTimestamp.truncated(date).timeIntervalSince(date) < 0.000_001)
            }
        }
    }

    /// Inside messages (`StateTransitionReason`), AWS writes the same instant to the second, with `GMT`.
    @Test func messagesCarryTheSameInstantToTheSecond() {
        #expect(AWSTimestamp.formatInMessage(Date(timeIntervalSince1970: 1_795_227_632.999)) == "2026-11-21 02:20:32 GMT")
    }
}
