/// How long a connection may idle or dawdle, and how many may be open at once (`serve --idle-timeout` and the rest).
///
/// The defaults follow what servers in front of AWS-style APIs do: an idle keep-alive connection is closed after
/// 60 seconds (an Application Load Balancer's default idle timeout), a request head must arrive whole within 20
/// seconds of its first byte and a body may pause at most 20 seconds between reads (Apache's `mod_reqtimeout`
/// defaults; nginx allows 60). The time a handler spends answering is never limited here: only the client's side.
/// Stopping waits at most 10 seconds for the requests in flight (`docker stop`'s grace period).
public struct ConnectionPolicy: Sendable, Hashable {
    /// A keep-alive connection with no request in progress is closed after this long.
    public var idleTimeout: Duration = .seconds(60)
    /// From a request's first byte, its head (request line and headers) must be complete within this.
    public var requestHeadTimeout: Duration = .seconds(20)
    /// While a body is being read, the longest pause between two reads.
    public var bodyReadTimeout: Duration = .seconds(20)
    /// After SIGTERM or SIGINT, how long a request in flight may take to finish (a client may be sending its body a
    /// byte at a time, within `bodyReadTimeout`): then its connection is closed, so the server always stops.
    public var shutdownTimeout: Duration = .seconds(10)
    /// Connections open at once; beyond it the server stops accepting (new clients wait in the listen backlog)
    /// until one closes. Also kept below the process's descriptor limit (`ConnectionLimit`).
    public var maximumConnections = 4096

    public init() {}
}
