import NIOCore
import NIOHTTP1

#if canImport(Glibc)
    import Glibc
#endif

/// Reads one HTTP request from an instance, answers it with what `answer` says, and closes the connection (AWS's
/// metadata service says `Connection: close` too). A nil answer closes without a word.
final class InstanceMetadataHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let overIPv6: Bool
    private let answer: @Sendable (MetadataRequest) -> MetadataResponse?
    private var head: HTTPRequestHead?

    init(overIPv6: Bool, answer: @escaping @Sendable (MetadataRequest) -> MetadataResponse?) {
        self.overIPv6 = overIPv6
        self.answer = answer
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): self.head = head
        case .body: break
        case .end:
            guard let head else { return }
            self.head = nil
            let request = MetadataRequest(
                method: head.method.rawValue, target: head.uri, headers: head.headers.map { (name: $0.name, value: $0.value) }, overIPv6: overIPv6)
            guard let response = answer(request) else {
                context.close(promise: nil)
                return
            }
            write(response, answering: head, context: context)
        }
    }

    private func write(_ response: MetadataResponse, answering request: HTTPRequestHead, context: ChannelHandlerContext) {
        if let hopLimit = response.hopLimit { setHopLimit(hopLimit, on: context.channel) }
        var headers = HTTPHeaders(response.headers.map { ($0.name, $0.value) })
        headers.add(name: "Content-Length", value: String(response.body.count))
        headers.add(name: "Server", value: "EC2ws")
        headers.add(name: "Connection", value: "close")
        let head = HTTPResponseHead(version: request.version, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if request.method != .HEAD, !response.body.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: response.body)))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
    }

    /// The TTL (IPv4) or hop limit (IPv6) of what the connection sends from now on: the token's answer goes no further
    /// than `HttpPutResponseHopLimit` routers, so a container behind the instance cannot read it when the limit is 1.
    private func setHopLimit(_ hopLimit: Int, on channel: any Channel) {
        #if os(Linux)
            let option =
                overIPv6
                ? ChannelOptions.Types.SocketOption(level: .ipv6, name: NIOBSDSocket.Option(rawValue: IPV6_UNICAST_HOPS))
                : ChannelOptions.Types.SocketOption(level: .ip, name: NIOBSDSocket.Option(rawValue: IP_TTL))
            try? channel.syncOptions?.setOption(option, value: SocketOptionValue(hopLimit))
        #endif
    }
}
