import Logging
import NIOCore

/// Closes one connection when its `ConnectionDeadlines` pass: the timer behind `RequestBytesWatcher` and
/// `RequestPartsWatcher`, which feed it from both ends of the HTTP decoder.
///
/// One scheduled task at a time: a task that fires before the (since moved) deadline schedules the next one, so a
/// busy keep-alive connection costs no timer work per request.
final class ConnectionTimer {
    private var deadlines: ConnectionDeadlines
    private let channel: any Channel
    private let logger: Logger
    private var scheduled: Scheduled<Void>?

    init(policy: ConnectionPolicy, channel: any Channel, logger: Logger) {
        deadlines = ConnectionDeadlines(policy: policy, now: .now())
        self.channel = channel
        self.logger = logger
    }

    func bytesArrived() {
        deadlines.bytesArrived(at: .now())
        arm()
    }

    func headRead() {
        deadlines.headRead(at: .now())
        arm()
    }

    func bodyEnded() { deadlines.bodyEnded() }

    func answerEnded() {
        deadlines.answerEnded(at: .now())
        arm()
    }

    /// Starts the timer (when the connection becomes active).
    func start() { arm() }

    /// Stops it for good (the connection closed).
    func stop() {
        scheduled?.cancel()
        scheduled = nil
    }

    private func arm() {
        guard scheduled == nil, let deadline = deadlines.deadline else { return }
        scheduled = channel.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(deadline: deadline) { [self] in fire() }
    }

    private func fire() {
        scheduled = nil
        guard let deadline = deadlines.deadline else { return }
        guard deadline <= .now() else { return arm() }
        logger.debug("connection closed: the client was too slow", metadata: ["waiting-for": "\(deadlines.waitingFor)"])
        channel.close(promise: nil)
    }
}
