public import Foundation
import Synchronization

/// The server's notion of now: the system clock, moved forward by an offset that tests can set.
///
/// Every rule that depends on time (peering expiry, how long deleted things stay visible) reads this
/// clock, never `Date()`, so a test can move time forward instead of waiting.
public final class CloudClock: Sendable {
    private let offsetSeconds = Mutex<TimeInterval>(0)

    public init() {}

    public func now() -> Date { Date().addingTimeInterval(offset) }

    /// How far ahead of the system clock this clock runs.
    public var offset: TimeInterval { offsetSeconds.withLock { $0 } }

    /// Back to the system clock's time.
    public func reset() { offsetSeconds.withLock { $0 = 0 } }

    /// Moves the clock forward by `seconds` and returns the new now.
    @discardableResult
    public func advance(by seconds: TimeInterval) -> Date {
        offsetSeconds.withLock { $0 += max(0, seconds) }
        return now()
    }
}
