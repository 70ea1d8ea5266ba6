public import Foundation

extension Date {
    /// The timestamp as the EC2 API writes it (and as filters compare it): UTC, milliseconds, `Z`,
    /// e.g. `2026-11-28T02:20:32.000Z`. Milliseconds are truncated, as on the wire.
    public var awsTimestamp: String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: self)
        let milliseconds = Int((timeIntervalSince1970 * 1000).rounded(.down)) % 1000
        func pad(_ value: Int?, _ width: Int) -> String {
            let digits = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.year, 4))-\(pad(parts.month, 2))-\(pad(parts.day, 2))T\(pad(parts.hour, 2)):\(pad(parts.minute, 2)):"
            + "\(pad(parts.second, 2)).\(pad((milliseconds + 1000) % 1000, 3))Z"
    }
}
