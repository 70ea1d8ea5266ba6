import NIOCore

/// First in a connection's pipeline: tells its `ConnectionTimer` whenever bytes arrive, before the HTTP decoder
/// has made anything of them (the start of a request head, and the trickle of a body).
final class RequestBytesWatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    private let timer: ConnectionTimer

    init(timer: ConnectionTimer) { self.timer = timer }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { timer.start() }
    }

    func channelActive(context: ChannelHandlerContext) {
        timer.start()
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer.stop()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { timer.stop() }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        timer.bytesArrived()
        context.fireChannelRead(data)
    }
}
