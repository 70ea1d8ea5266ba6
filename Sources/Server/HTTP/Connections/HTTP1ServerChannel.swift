import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle

/// LocalVPC's HTTP/1.1 connections: NIO's decoder, then `HTTP1ExchangeHandler`, which has Hummingbird's router answer
/// each request and writes the answer as bytes; with the connection timeouts (`ConnectionPolicy`) and the cap on open
/// connections around them.
///
/// The pipeline: `RequestBytesWatcher` (raw bytes: when a head starts), NIO's `HTTPRequestDecoder`, then the exchange
/// handler, which tells the same `ConnectionTimer` when a head and a body's end are read and an answer is written.
struct HTTP1ServerChannel: ServerChildChannel {
    /// What the server keeps for a connection while it is open: the channel.
    struct Connection: ServerChildChannelValue {
        let channel: any Channel
    }

    let responder: HTTP1ExchangeHandler.Responder
    let policy: ConnectionPolicy
    /// The cap on open connections, whose overshoot is closed here.
    let limit: ConnectionLimit?
    /// The `Server` header of every answer.
    let serverName: String
    /// Told when the server begins to stop, for the answers that would not end by themselves.
    let stopping: ServerStopping

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Connection> {
        if let limit, limit.takeOneOverCap() {
            logger.debug("connection closed: over the cap on open connections", metadata: ["open": "\(limit.open)"])
            channel.close(promise: nil)
            return channel.eventLoop.makeFailedFuture(ChannelError.ioOnClosedChannel)
        }
        return channel.eventLoop.makeCompletedFuture {
            let timer = ConnectionTimer(policy: policy, channel: channel, logger: logger)
            let pipeline = channel.pipeline.syncOperations
            try pipeline.addHandler(RequestBytesWatcher(timer: timer))
            try pipeline.addHandler(ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes)))
            try pipeline.addHandler(
                HTTP1ExchangeHandler(
                    responder: responder, timer: timer, executor: EventLoopTaskExecutor(eventLoop: channel.eventLoop),
                    serverName: serverName, logger: logger))
            return Connection(channel: channel)
        }
    }

    /// Waits for the connection to close; once the server is stopping (the exchange handler closes an idle connection
    /// at once, and a busy one after its answer; an event stream hears of it through `stopping` and ends), its request
    /// in flight has `policy.shutdownTimeout` to finish, then the connection is closed.
    func handle(value: Connection, logger: Logger) async {
        let (channel, timeout) = (value.channel, TimeAmount(policy.shutdownTimeout))
        await withGracefulShutdownHandler {
            try? await channel.closeFuture.get()
        } onGracefulShutdown: {
            stopping.stop()
            channel.eventLoop.scheduleTask(in: timeout) {
                guard channel.isActive else { return }
                logger.warning("connection closed: its request did not finish within the shutdown timeout")
                channel.close(promise: nil)
            }
        }
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 answered by `router`, with LocalVPC's connection timeouts, closing connections accepted past `limit`.
    /// (The responder Hummingbird's `Application` hands a server builder is not used: it writes through
    /// `NIOAsyncChannel`, which `HTTP1ServerChannel` does without.)
    static func http1(
        router: some HTTPResponder<BasicRequestContext>, serverName: String, policy: ConnectionPolicy, limit: ConnectionLimit?,
        stopping: ServerStopping, logger: Logger
    ) -> HTTPServerBuilder {
        let responder: HTTP1ExchangeHandler.Responder = { request, channel in
            do {
                return try await router.respond(to: request, context: BasicRequestContext(source: .init(channel: channel, logger: logger)))
            } catch {
                logger.debug("unrecognised error", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
                return Response(status: .internalServerError)
            }
        }
        return HTTPServerBuilder { _ in
            HTTP1ServerChannel(responder: responder, policy: policy, limit: limit, serverName: serverName, stopping: stopping)
        }
    }
}
