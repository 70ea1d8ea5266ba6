public import Foundation
import Synchronization

/// The server's notion of now: the system clock, moved forward by an offset that tests can set.
///
/// Every rule that depends on time (peering expiry, how long deleted things stay visible) reads this
/// clock, never `Date()`, so a test can move time forward instead of waiting.
public final class CloudClock: Sendable {
    private let offset = Mutex<TimeInterval>(0)

    public init() {}

    public func now() -> Date { Date().addingTimeInterval(offset.withLock { $0 }) }

    /// Moves the clock forward by `seconds` and returns the new now.
    @discardableResult
    public func advance(by seconds: TimeInterval) -> Date {
        offset.withLock { $0 += max(0, seconds) }
        return now()
    }
}
