import NIOCore

/// When a connection is to be closed for the client's slowness, from what it has sent and what it was answered.
///
/// One state machine per connection, driven by its handlers on its event loop (`ConnectionTimer`):
/// - no request in progress: the idle timeout, from the connection's start or the end of the last answer;
/// - bytes of a request arrived but not its whole head: the request-head timeout, from the first byte (a client
///   sending its headers a byte at a time, "slowloris", cannot stretch it);
/// - a head read, its body not yet whole: the body read timeout, from the last bytes read;
/// - a request read whole and not yet answered: no deadline (the server's own work is not the client's delay).
struct ConnectionDeadlines: Sendable, Hashable {
    let policy: ConnectionPolicy
    /// Requests whose head was read and whose answer has not been written to its end.
    private(set) var requestsInProgress = 0
    /// A head was read and its body's end has not been.
    private(set) var isReadingBody = false
    /// When the first byte of a head not yet read whole arrived.
    private var headStarted: NIODeadline?
    private var lastRead: NIODeadline
    private var idleSince: NIODeadline

    init(policy: ConnectionPolicy, now: NIODeadline) {
        self.policy = policy
        lastRead = now
        idleSince = now
    }

    /// Bytes arrived from the client (before they are decoded as HTTP).
    mutating func bytesArrived(at now: NIODeadline) {
        lastRead = now
        if !isReadingBody, requestsInProgress == 0, headStarted == nil { headStarted = now }
    }

    /// A request's head was decoded.
    mutating func headRead(at now: NIODeadline) {
        headStarted = nil
        requestsInProgress += 1
        isReadingBody = true
        lastRead = now
    }

    /// A request's body ended.
    mutating func bodyEnded() {
        isReadingBody = false
    }

    /// An answer was written to its end.
    mutating func answerEnded(at now: NIODeadline) {
        requestsInProgress = max(0, requestsInProgress - 1)
        if requestsInProgress == 0 { idleSince = now }
    }

    /// When the connection is to be closed if nothing more happens; nil while the server is answering.
    var deadline: NIODeadline? {
        if isReadingBody { return lastRead + TimeAmount(policy.bodyReadTimeout) }
        if requestsInProgress > 0 { return nil }
        if let headStarted { return headStarted + TimeAmount(policy.requestHeadTimeout) }
        return idleSince + TimeAmount(policy.idleTimeout)
    }

    /// Which timeout `deadline` is, for the log.
    var waitingFor: String {
        if isReadingBody { return "body" }
        if requestsInProgress > 0 { return "answer" }
        return headStarted == nil ? "idle" : "request-head"
    }
}
