public import Foundation
import Synchronization

/// The server's notion of now: the system clock, moved forward by an offset that tests can set.
///
/// Every rule that depends on time (peering expiry, how long deleted things stay visible) reads this
/// clock, never `Date()`, so a test can move time forward instead of waiting. `CloudService` keeps the offset with
/// the state, so a restart does not bring expired things back.
public final class CloudClock: Sendable {
    /// The furthest the clock may run ahead of the system clock: 100 years.
    ///
    /// Far beyond every window AWS keeps (a peering request expires after 7 days; ended things stay visible for
    /// hours or days), yet every time the state is stamped with stays within the four-digit years of EC2's
    /// timestamps, which botocore (Python's `datetime`, year 9999 at most) must parse back. Without a bound,
    /// `{"advanceSeconds": 1e16}` once stamped instances with times no timestamp could print.
    public static let maximumOffset: TimeInterval = 100 * 365.25 * 86_400

    private let offsetSeconds = Mutex<TimeInterval>(0)

    /// A clock `offset` seconds ahead of the system clock (bounded to `0...maximumOffset`).
    public init(offset: TimeInterval = 0) {
        offsetSeconds.withLock { $0 = Self.bounded(offset) }
    }

    public func now() -> Date { Date().addingTimeInterval(offset) }

    /// How far ahead of the system clock this clock runs.
    public var offset: TimeInterval { offsetSeconds.withLock { $0 } }

    /// Back to the system clock's time.
    public func reset() { offsetSeconds.withLock { $0 = 0 } }

    /// How many more seconds the clock may still be moved forward.
    public var remainingAdvance: TimeInterval { Self.maximumOffset - offset }

    /// Sets the offset (bounded to `0...maximumOffset`): a durable offset read back at start-up.
    public func set(offset: TimeInterval) { offsetSeconds.withLock { $0 = Self.bounded(offset) } }

    /// Moves the clock forward by `seconds` (never back, never past ``maximumOffset``) and returns the new now.
    @discardableResult
    public func advance(by seconds: TimeInterval) -> Date {
        offsetSeconds.withLock { $0 = Self.bounded($0 + (seconds.isFinite ? max(0, seconds) : 0)) }
        return now()
    }

    /// `offset` within `0...maximumOffset`; anything not a number counts as no offset.
    static func bounded(_ offset: TimeInterval) -> TimeInterval {
        offset.isNaN ? 0 : min(max(offset, 0), maximumOffset)
    }
}
