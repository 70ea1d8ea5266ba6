import NIOCore
import NIOHTTPTypes

/// After the HTTP decoder: tells the connection's `ConnectionTimer` when a request's head and end are read, and
/// when its answer has been written to its end.
final class RequestPartsWatcher: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart
    private let timer: ConnectionTimer

    init(timer: ConnectionTimer) { self.timer = timer }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: timer.headRead()
        case .body: break
        case .end: timer.bodyEnded()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { timer.answerEnded() }
        context.write(data, promise: promise)
    }
}
