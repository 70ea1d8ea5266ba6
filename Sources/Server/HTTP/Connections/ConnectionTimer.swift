import Logging
import NIOCore

/// Closes one connection when its `ConnectionDeadlines` pass: the timer behind `RequestBytesWatcher` and
/// `HTTP1ExchangeHandler`, which feed it from both ends of the HTTP decoder.
///
/// One scheduled task at a time: a task that fires before the (since moved later) deadline schedules the next one,
/// so a busy keep-alive connection costs little timer work per request.
final class ConnectionTimer {
    private var deadlines: ConnectionDeadlines
    private let channel: any Channel
    private let logger: Logger
    private var scheduled: (task: Scheduled<Void>, deadline: NIODeadline)?

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
        scheduled?.task.cancel()
        scheduled = nil
    }

    /// Schedules the timer for the current deadline, unless it is already set for that time or earlier (firing
    /// early only re-arms it). A deadline that moved earlier (an idle connection's first byte starts the shorter
    /// head timeout) replaces the task.
    private func arm() {
        guard let deadline = deadlines.deadline else { return }
        if let scheduled {
            guard deadline < scheduled.deadline else { return }
            scheduled.task.cancel()
        }
        let task = channel.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(deadline: deadline) { [self] in fire() }
        scheduled = (task, deadline)
    }

    private func fire() {
        scheduled = nil
        guard let deadline = deadlines.deadline else { return }
        guard deadline <= .now() else { return arm() }
        logger.debug("connection closed: the client was too slow", metadata: ["waiting-for": "\(deadlines.waitingFor)"])
        channel.close(promise: nil)
    }
}
