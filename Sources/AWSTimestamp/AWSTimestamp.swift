public import Foundation

/// EC2's timestamps, the one format for everything a client can read back and filter on: written as
/// `2026-11-21T02:20:32.123Z`, read in the ISO 8601 forms botocore sends.
///
/// The XML responses and every time filter (`launch-time`, `expiration-time`, `attachment.attach-time`, …) format
/// through ``format(_:)``, so the exact text a client printed always matches the filter that takes it. Two
/// formatters (one rounding milliseconds, one truncating them) once made `launch-time` miss the launch time
/// DescribeInstances had just printed. Milliseconds are truncated: a printed time is never later than the event.
///
/// Hand-rolled rather than `ISO8601DateFormatter` so that it is `Sendable`, fast, and identical on every platform.
public enum AWSTimestamp {
    /// `date` in UTC with milliseconds (truncated), e.g. `2026-11-21T02:20:32.123Z`.
    public static func format(_ date: Date) -> String {
        let (days, millisecondOfDay) = floorDivision(milliseconds(of: date), 86_400_000)
        let (year, month, day) = civilDate(fromDaysSinceEpoch: days)
        let seconds = millisecondOfDay / 1000
        // Always 24 bytes (years 1 to 9999: ``representableMilliseconds``), so the digits are written in place: every
        // request's log line and every time in an answer goes through here, and formatting each field as a string of
        // its own was most of a log line's cost.
        return String(unsafeUninitializedCapacity: 24) { text in
            var end = 0
            func digits(_ value: Int, _ width: Int, then separator: UInt8) {
                var value = value
                for place in (end..<end + width).reversed() {
                    text[place] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
                text[end + width] = separator
                end += width + 1
            }
            digits(year, 4, then: UInt8(ascii: "-"))
            digits(month, 2, then: UInt8(ascii: "-"))
            digits(day, 2, then: UInt8(ascii: "T"))
            digits(seconds / 3600, 2, then: UInt8(ascii: ":"))
            digits(seconds / 60 % 60, 2, then: UInt8(ascii: ":"))
            digits(seconds % 60, 2, then: UInt8(ascii: "."))
            digits(millisecondOfDay % 1000, 3, then: UInt8(ascii: "Z"))
            return end
        }
    }

    /// `date` as AWS writes it inside messages such as `StateTransitionReason` ("User initiated (2026-11-21 02:20:32
    /// GMT)"): the same instant as ``format(_:)``, to the second.
    public static func formatInMessage(_ date: Date) -> String {
        let text = format(date)
        return text.prefix(10) + " " + text.dropFirst(11).prefix(8) + " GMT"
    }

    /// `date` as the wire shows it: cut to the millisecond ``format(_:)`` writes, for comparisons with times a
    /// client sends back (a `Date` parameter such as `AnalysisEndTime` holding a printed time).
    public static func truncated(_ date: Date) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds(of: date)) / 1000)
    }

    /// The first and the last instant a timestamp can show: `0001-01-01T00:00:00.000Z` and `9999-12-31T23:59:59.999Z`.
    ///
    /// EC2's timestamps have four-digit years, and botocore reads them into Python's `datetime` (years 1 to 9999).
    public static let representableMilliseconds: ClosedRange<Int64> = -62_135_596_800_000...253_402_300_799_999

    /// Whole milliseconds since 1970, rounded down. A time within a microsecond below a millisecond counts as that
    /// millisecond: a `Double` may hold a parsed `….123Z` as `….12299999`, and that must print as `.123` again.
    ///
    /// Total: a time outside ``representableMilliseconds`` (a state stamped by a clock moved 1e16 seconds on, an
    /// infinite or NaN interval) is held to its nearer end instead of trapping in the conversion to `Int64`.
    private static func milliseconds(of date: Date) -> Int64 {
        let value = date.timeIntervalSince1970 * 1000
        let bounds = representableMilliseconds
        guard value.isFinite else { return value > 0 ? bounds.upperBound : bounds.lowerBound }
        let nearest = value.rounded()
        let whole = abs(value - nearest) < 0.001 ? nearest : value.rounded(.down)
        return Int64(min(max(whole, Double(bounds.lowerBound)), Double(bounds.upperBound)))
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction][Z|±HH:MM|±HHMM]`; no zone designator means UTC.
    public static func parse(_ text: String) -> Date? {
        var scanner = DigitScanner(Array(text.utf8))
        guard let year = scanner.number(4), scanner.skip("-"), let month = scanner.number(2), scanner.skip("-"),
            let day = scanner.number(2), scanner.skip("T") || scanner.skip("t"), let hour = scanner.number(2), scanner.skip(":"),
            let minute = scanner.number(2), scanner.skip(":"), let second = scanner.number(2),
            (1...12).contains(month), (1...daysInMonth(year: year, month: month)).contains(day), hour < 24, minute < 60, second <= 60
        else { return nil }
        var fraction = 0.0
        if scanner.skip(".") {
            guard let digits = scanner.fractionDigits() else { return nil }
            fraction = digits
        }
        var offsetSeconds = 0
        if scanner.skip("Z") || scanner.skip("z") || scanner.atEnd {
            offsetSeconds = 0
        } else if let sign = scanner.sign() {
            guard let hours = scanner.number(2) else { return nil }
            _ = scanner.skip(":")
            guard let minutes = scanner.number(2), hours < 24, minutes < 60 else { return nil }
            offsetSeconds = sign * (hours * 3600 + minutes * 60)
        } else {
            return nil
        }
        guard scanner.atEnd else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        let seconds = Double(days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds)
        return Date(timeIntervalSince1970: seconds + fraction)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of ``daysSinceEpoch(year:month:day:)`` (Hinnant's `civil_from_days`).
    private static func civilDate(fromDaysSinceEpoch days: Int64) -> (year: Int, month: Int, day: Int) {
        let shifted = Int(days) + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int) {
        let remainder = ((value % divisor) + divisor) % divisor
        return ((value - remainder) / divisor, Int(remainder))
    }
}

/// Reads the fixed-width fields of a timestamp.
private struct DigitScanner {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var atEnd: Bool { position == bytes.count }

    mutating func number(_ width: Int) -> Int? {
        guard position + width <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[position..<position + width] {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        position += width
        return value
    }

    /// One or more digits after the decimal point, as a fraction of a second.
    mutating func fractionDigits() -> Double? {
        var value = 0.0
        var scale = 1.0
        let start = position
        while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
            scale /= 10
            value += Double(bytes[position] - UInt8(ascii: "0")) * scale
            position += 1
        }
        return position > start ? value : nil
    }

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard position < bytes.count, bytes[position] == UInt8(ascii: character) else { return false }
        position += 1
        return true
    }

    /// `+` as 1 or `-` as -1, consumed.
    mutating func sign() -> Int? {
        if skip("+") { return 1 }
        if skip("-") { return -1 }
        return nil
    }
}
