import CoreMetrics
import Foundation
import HummingbirdCore

/// Decides, before each accept, whether the server takes another connection: below `ConnectionPolicy`'s maximum,
/// and below the process's descriptor limit less a reserve for the state's files and the event loops (`cap`).
///
/// At the limit the server stops reading from its listening socket (Hummingbird's `AvailableConnectionsChannelHandler`
/// asks this), so new clients wait in the kernel's listen backlog, and are taken as soon as a connection closes;
/// nothing is accepted only to fail, and nothing spins. The descriptor limit is read at each decision, so it holds
/// even when it is lowered while the server runs (`prlimit`).
struct ConnectionLimit: AvailableConnectionsDelegate {
    /// Descriptors kept for everything but connections: SQLite's files, epoll and event fds, the data plane's.
    static let reservedDescriptors = 64
    let maximum: Int
    /// `localvpc_open_connections`.
    let gauge: Meter?
    private(set) var open = 0

    init(maximum: Int, gauge: Meter? = nil) {
        self.maximum = maximum
        self.gauge = gauge
    }

    mutating func connectionOpened() {
        open += 1
        gauge?.increment()
    }

    mutating func connectionClosed() {
        open -= 1
        gauge?.decrement()
    }

    func isAcceptingNewConnections() -> Bool {
        open < Self.cap(maximum: maximum, descriptorLimit: Self.descriptorLimit())
    }

    /// How many connections may be open: `maximum`, and below `descriptorLimit` by the reserve (a quarter of a
    /// limit under 256, so that even `ulimit -n 64` leaves room to serve); always at least one. Past what the
    /// descriptors really allow, accepting fails with EMFILE and NIO's `AcceptBackoffHandler` waits a second
    /// before trying again.
    static func cap(maximum: Int, descriptorLimit: Int) -> Int {
        guard descriptorLimit != .max else { return maximum }
        return max(1, min(maximum, descriptorLimit - min(reservedDescriptors, descriptorLimit / 4)))
    }

    /// The process's soft limit on open descriptors (`ulimit -n`), or no limit if it cannot be read.
    static func descriptorLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur != RLIM_INFINITY else { return .max }
        return Int(clamping: limit.rlim_cur)
    }
}
