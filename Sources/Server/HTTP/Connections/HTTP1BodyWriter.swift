import HTTPTypes
import HummingbirdCore
import NIOCore

/// Writes a route's answer body to its connection (`ResponseBody.write`), on the connection's event loop.
struct HTTP1BodyWriter: ResponseBodyWriter, Sendable {
    /// The connection's handler and its place in the pipeline, which only its event loop may touch.
    struct Ends {
        let handler: HTTP1ExchangeHandler
        let context: ChannelHandlerContext
    }
    typealias Connection = NIOLoopBound<Ends>
    let connection: Connection

    mutating func write(_ buffer: ByteBuffer) async throws {
        try await Self.onLoop(connection) { $0.handler.writeBody(buffer, context: $0.context) }
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        try await Self.onLoop(connection) { $0.handler.finishAnswer(context: $0.context) }
    }

    /// Runs `body` on the connection's event loop, at once when already there (a fixed-length answer is written
    /// without a suspension), and waits for the write it returns, if any.
    static func onLoop(
        _ connection: Connection,
        _ body: @escaping @Sendable (Ends) -> EventLoopFuture<Void>?
    ) async throws {
        if connection.eventLoop.inEventLoop {
            if let written = body(connection.value) { try await written.get() }
        } else {
            try await connection.eventLoop.flatSubmit {
                body(connection.value) ?? connection.eventLoop.makeSucceededVoidFuture()
            }.get()
        }
    }
}
