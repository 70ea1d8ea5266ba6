import CoreMetrics
import Foundation
import HummingbirdCore
import Synchronization

/// Decides, before each accept, whether the server takes another connection: below `ConnectionPolicy`'s maximum,
/// and below the process's descriptor limit less a reserve for the state's files and the event loops (`cap`).
///
/// At the limit the server stops reading from its listening socket (Hummingbird's `AvailableConnectionsChannelHandler`
/// asks this), so new clients wait in the kernel's listen backlog, and are taken as soon as a connection closes;
/// nothing spins. One read of the listening socket may accept a few connections at once, past the cap: each one
/// counted beyond the cap is noted when it is counted, and as many connections are closed as soon as they are set up
/// (`HTTP1ServerChannel` asks `takeOneOverCap`), so the count never stays above it and the ones within it are served.
/// The descriptor limit is read at each decision, so it holds even when it is lowered while the server runs
/// (`prlimit`).
///
/// A class, shared by the listening socket's handler and every connection's set-up: the count is one atomic.
final class ConnectionLimit: AvailableConnectionsDelegate {
    /// Descriptors kept for everything but connections: SQLite's files, epoll and event fds, the data plane's.
    static let reservedDescriptors = 64
    let maximum: Int
    /// `localvpc_open_connections`.
    let gauge: Meter?
    private let count = Atomic<Int>(0)
    /// Connections counted beyond the cap and not yet closed by their set-up.
    private let overCap = Atomic<Int>(0)
    /// Descriptors the process held before it served anyone (the state's files, epoll and event fds, the listening
    /// socket, standard streams): counted at the first decision, once the server is listening; -1 until then.
    private let measuredBaseline = Atomic<Int>(-1)

    init(maximum: Int, gauge: Meter? = nil) {
        self.maximum = maximum
        self.gauge = gauge
    }

    /// Connections open now.
    var open: Int { count.load(ordering: .relaxed) }

    /// Called in the order the connections were accepted, before any of them is set up (on another event loop).
    func connectionOpened() {
        let opened = count.add(1, ordering: .relaxed).newValue
        if opened > cap { overCap.add(1, ordering: .relaxed) }
        gauge?.increment()
    }

    func connectionClosed() {
        count.subtract(1, ordering: .relaxed)
        gauge?.decrement()
    }

    func isAcceptingNewConnections() -> Bool { open < cap }

    /// Whether the connection being set up is to be closed: true as many times as connections were counted beyond
    /// the cap (a batch of accepts overshot it). Deciding by the count at set-up instead would close every connection
    /// of an overshooting batch, the ones within the cap too, since all are counted before the first is set up.
    func takeOneOverCap() -> Bool {
        var waiting = overCap.load(ordering: .relaxed)
        while waiting > 0 {
            let (exchanged, found) = overCap.compareExchange(
                expected: waiting, desired: waiting - 1, ordering: .relaxed)
            if exchanged { return true }
            waiting = found
        }
        return false
    }

    /// The cap now, against the descriptor limit now.
    var cap: Int { Self.cap(maximum: maximum, descriptorLimit: Self.descriptorLimit(), baseline: baseline) }

    private var baseline: Int {
        let known = measuredBaseline.load(ordering: .relaxed)
        if known >= 0 { return known }
        let counted = max(0, Self.openDescriptors() - open)
        measuredBaseline.store(counted, ordering: .relaxed)
        return counted
    }

    /// How many connections may be open: `maximum`, and below `descriptorLimit` by a reserve: what the process held
    /// at start (`baseline`) and 8 more, or 64 (a quarter of a limit under 256) if that is more; always at least one.
    ///
    /// The server must never meet EMFILE when accepting: NIO then leaves its read of the listening socket pending,
    /// epoll keeps reporting the waiting connections, and the event loop spins on failing `accept`s (its
    /// `AcceptBackoffHandler` delays only the next read request, and none is made). Staying below the limit is what
    /// keeps it calm.
    static func cap(maximum: Int, descriptorLimit: Int, baseline: Int) -> Int {
        guard descriptorLimit != .max else { return maximum }
        return max(1, min(maximum, descriptorLimit - max(baseline + 8, min(reservedDescriptors, descriptorLimit / 4))))
    }

    /// Descriptors open in this process now (Linux's `/proc/self/fd`; elsewhere a guess of 16).
    static func openDescriptors() -> Int {
        #if os(Linux)
            // Less one: the listing's own descriptor.
            return ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 17) - 1
        #else
            return 16
        #endif
    }

    /// The process's soft limit on open descriptors (`ulimit -n`), or no limit if it cannot be read.
    static func descriptorLimit() -> Int {
        var limit = rlimit()
        #if os(Linux)
            let read = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        #else
            let read = getrlimit(RLIMIT_NOFILE, &limit)
        #endif
        // RLIM_INFINITY is the largest value: clamped, it is `.max` too.
        return read == 0 ? Int(clamping: limit.rlim_cur) : .max
    }
}
