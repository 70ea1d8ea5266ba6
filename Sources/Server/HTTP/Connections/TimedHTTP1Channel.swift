import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

/// Hummingbird's HTTP/1.1 child channel with LocalVPC's connection timeouts (`ConnectionPolicy`) around it.
///
/// Each connection gets a `ConnectionTimer` fed from both sides of the HTTP decoder: `RequestBytesWatcher` first
/// in the pipeline (raw bytes: when a head starts), `RequestPartsWatcher` after the decoder (head, end, and the
/// answer's end). Requests themselves are handled by Hummingbird's `HTTP1Channel`, unchanged.
struct TimedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value
    let responder: HTTPChannelHandler.Responder
    let policy: ConnectionPolicy
    /// The cap on open connections, whose overshoot is closed here.
    let limit: ConnectionLimit?

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        if let limit, limit.isOverCap {
            logger.debug("connection closed: over the cap on open connections", metadata: ["open": "\(limit.open)"])
            channel.close(promise: nil)
            return channel.eventLoop.makeFailedFuture(ChannelError.ioOnClosedChannel)
        }
        let timer: NIOLoopBound<ConnectionTimer>
        do {
            let made = ConnectionTimer(policy: policy, channel: channel, logger: logger)
            try channel.pipeline.syncOperations.addHandler(RequestBytesWatcher(timer: made), position: .first)
            timer = NIOLoopBound(made, eventLoop: channel.eventLoop)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        let http = HTTP1Channel(
            responder: responder, configuration: .init(additionalChannelHandlers: [RequestPartsWatcher(timer: timer.value)]))
        return http.setup(channel: channel, logger: logger)
    }

    /// Answers the connection's requests; once the server is stopping, it has `policy.shutdownTimeout` to finish the
    /// request in flight (an idle connection is closed at once by Hummingbird), then it is closed.
    func handle(value: Value, logger: Logger) async {
        let (channel, timeout) = (value.channel, TimeAmount(policy.shutdownTimeout))
        await withGracefulShutdownHandler {
            await withTaskExecutorPreference(EventLoopTaskExecutor(eventLoop: channel.eventLoop)) {
                await HTTP1Channel(responder: responder).handle(value: value, logger: logger)
            }
        } onGracefulShutdown: {
            channel.eventLoop.scheduleTask(in: timeout) {
                guard channel.isActive else { return }
                logger.warning("connection closed: its request did not finish within the shutdown timeout")
                channel.close(promise: nil)
            }
        }
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with LocalVPC's connection timeouts, closing connections accepted past `limit`.
    static func http1(policy: ConnectionPolicy, limit: ConnectionLimit?) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in TimedHTTP1Channel(responder: responder, policy: policy, limit: limit) }
    }
}
