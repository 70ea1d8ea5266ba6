import NIOCore

/// Answers DNS queries on a TCP connection: each message is preceded by its two-byte length (RFC 1035 §4.2.2);
/// several may come on one connection, and a client may send a message in pieces.
final class DnsStreamHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let reply: @Sendable ([UInt8]) -> [UInt8]?
    private var pending: [UInt8] = []

    init(reply: @escaping @Sendable ([UInt8]) -> [UInt8]?) {
        self.reply = reply
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        pending += unwrapInboundIn(data).readableBytesView
        while pending.count >= 2 {
            let length = Int(pending[0]) << 8 | Int(pending[1])
            guard length > 0 else {
                context.close(promise: nil)
                return
            }
            guard pending.count >= 2 + length else { return }
            let message = Array(pending[2..<(2 + length)])
            pending.removeFirst(2 + length)
            guard let answer = reply(message) else { continue }
            var buffer = context.channel.allocator.buffer(capacity: answer.count + 2)
            buffer.writeInteger(UInt16(answer.count))
            buffer.writeBytes(answer)
            context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
