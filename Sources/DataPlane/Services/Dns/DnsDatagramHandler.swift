import NIOCore

/// Answers DNS queries on a UDP socket: one datagram in, at most one out, to whoever asked.
final class DnsDatagramHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let reply: @Sendable ([UInt8]) -> [UInt8]?

    init(reply: @escaping @Sendable ([UInt8]) -> [UInt8]?) {
        self.reply = reply
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard let answer = reply(Array(envelope.data.readableBytesView)) else { return }
        // A UDP answer stays within the 512 bytes every client accepts; the server's answers are far smaller.
        guard answer.count <= 512 else { return }
        let buffer = context.channel.allocator.buffer(bytes: answer)
        context.writeAndFlush(wrapOutboundOut(AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: buffer)), promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A datagram socket goes on after a failed read or an ICMP error from a client that left.
    }
}
