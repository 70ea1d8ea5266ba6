import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1

/// One connection's requests and answers, after NIO's HTTP/1.1 decoder: assembles each request (head and body), has
/// the router answer it in a task on the connection's event loop, and writes the answer as bytes, head and body in one
/// flush. One request at a time, in order: requests a client pipelines wait, and the socket is not read while they do.
///
/// This replaces Hummingbird's `HTTP1Channel`, whose `NIOAsyncChannel` carried every part of every request and answer
/// through async sequences and a pipeline of codecs (head, body and end each way), while the router, its middleware
/// and the routes are Hummingbird's as before. A profile of `GET /_localvpc/health` at 8 connections put that
/// machinery at about 45% of the server's CPU; a bare NIO server answering from a task per request on the same machine
/// served 2.7 times as many requests a second.
///
/// What the connection does for its client besides: `Expect: 100-continue` is answered; a body is read up to the most
/// any route reads (`maximumBodySize` and one byte more, so the route sees it is too large and answers 413, the rest
/// being read and dropped); a body whose framing breaks is handed to its route as an error, so the route answers with
/// its own 400; the connection is closed after an answer when the client asked (`Connection: close`, HTTP/1.0), when
/// what follows cannot be read, and once the server is stopping (`ChannelShouldQuiesceEvent`); the connection's
/// `ConnectionTimer` hears of each head, body end and answer end.
final class HTTP1ExchangeHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    typealias Responder = @Sendable (Request, any Channel) async -> Response

    /// The most of a body any route reads, and one byte more: a body longer than that is cut there.
    static let bodyLimit = QueryEndpoint.maximumBodySize + 1

    private enum State {
        /// Waiting for a request's head.
        case idle
        /// A head was read; its body is being gathered.
        case reading(head: HTTPRequestHead, request: HTTPRequest, body: ByteBuffer?)
        /// The request went to its route; `bodyPending` while the rest of a cut body is still to be read and dropped.
        case answering(bodyPending: Bool)
        /// Nothing more is read: the connection closes once the answer in flight, if any, is written.
        case closing
    }

    private let responder: Responder
    private let timer: ConnectionTimer
    private let executor: EventLoopTaskExecutor
    private let serverName: String
    private let logger: Logger
    private var state = State.idle
    private var date = HTTPDate()
    /// Parts read while a request is answered (pipelined requests), handled once it is.
    private var queued = CircularBuffer<HTTPServerRequestPart>()
    /// An answer is being written (its task runs).
    private var answerInFlight = false
    /// A read the channel asked for while pipelined requests waited, made once they are answered.
    private var readHeld = false
    /// Close once the answer in flight is written (set whenever the state turns `closing` with an answer to come).
    private var closeAfterAnswer = false
    private var inputClosed = false

    init(responder: @escaping Responder, timer: ConnectionTimer, executor: EventLoopTaskExecutor, serverName: String, logger: Logger) {
        self.responder = responder
        self.timer = timer
        self.executor = executor
        self.serverName = serverName
        self.logger = logger
    }

    // MARK: Reading

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if answerInFlight {
            // A cut body's rest is dropped as it comes; anything else waits for the answer.
            if case .answering(bodyPending: true) = state {
                if case .end = part {
                    state = .answering(bodyPending: false)
                    timer.bodyEnded()
                }
                return
            }
            queued.append(part)
            return
        }
        handle(part, context: context)
    }

    private func handle(_ part: HTTPServerRequestPart, context: ChannelHandlerContext) {
        switch (state, part) {
        case (.idle, .head(let head)):
            timer.headRead()
            guard let request = HTTPRequest(http1: head) else {
                return refuse(context: context)
            }
            if head.headers.first(name: "expect")?.lowercased() == "100-continue" {
                context.writeAndFlush(wrapOutboundOut(HTTP1ResponseHead.continueHead), promise: nil)
            }
            state = .reading(head: head, request: request, body: nil)
        case (.reading(let head, let request, var body), .body(var bytes)):
            state = .idle  // while `body` is held here, so that appending does not copy it
            if body == nil {
                body = bytes
            } else {
                body!.writeBuffer(&bytes)
            }
            if body!.readableBytes >= Self.bodyLimit {
                let cut = body!.getSlice(at: body!.readerIndex, length: Self.bodyLimit)!
                return dispatch(head: head, request: request, body: .init(buffer: cut), bodyPending: true, context: context)
            }
            state = .reading(head: head, request: request, body: body)
        case (.reading(let head, let request, let body), .end):
            timer.bodyEnded()
            dispatch(head: head, request: request, body: .init(buffer: body ?? ByteBuffer()), bodyPending: false, context: context)
        case (.answering(bodyPending: false), .head):
            // The answer was written: the next request.
            state = .idle
            handle(part, context: context)
        case (.answering(bodyPending: true), .end):
            state = .answering(bodyPending: false)
            timer.bodyEnded()
        case (.answering(bodyPending: true), .body):
            break
        case (.closing, _):
            break
        default:
            refuse(context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let error = error as? HTTPParserError else {
            logger.trace("connection failed", metadata: ["error": "\(error)"])
            context.close(promise: nil)
            return
        }
        switch state {
        case .reading(let head, let request, let body):
            // The head was read, its body's framing was not: the route answers (an AWS error for the Query API), and
            // the connection closes after it, since what follows cannot be read.
            timer.bodyEnded()
            dispatch(
                head: head, request: request, body: .init(asyncSequence: BrokenRequestBody(read: body, error: error)), bodyPending: false,
                context: context)
            state = .closing
            closeAfterAnswer = true
        case .answering where answerInFlight:
            // What follows the request being answered cannot be read: the answer is the connection's last.
            state = .closing
            closeAfterAnswer = true
        case .idle, .answering:
            refuse(context: context)
        case .closing:
            break
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case ChannelEvent.inputClosed:
            // The client sent all it will (a half-close): what was asked is answered, then the connection closes.
            // (A body cut short was reported by the decoder as an error just before, and is being answered.)
            inputClosed = true
            if answerInFlight {
                closeAfterAnswer = true
            } else {
                context.close(promise: nil)
            }
        case is ChannelShouldQuiesceEvent:
            if answerInFlight {
                closeAfterAnswer = true
            } else if case .reading = state {
                // A request whose body is still coming is answered, then the connection closes.
                closeAfterAnswer = true
            } else {
                context.close(promise: nil)
            }
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func read(context: ChannelHandlerContext) {
        // Not while requests a client pipelined wait for an answer in flight: the rest waits in the kernel's buffers,
        // not in ours. (Holding every read while an answer is in flight would cost two `epoll_ctl` calls a request.)
        if answerInFlight && !queued.isEmpty {
            readHeld = true
        } else {
            context.read()
        }
    }

    /// Answers a request that cannot be read as HTTP (no request line, an unknown method) with a bare 400, and closes.
    private func refuse(context: ChannelHandlerContext) {
        state = .closing
        guard !answerInFlight else {
            closeAfterAnswer = true
            return
        }
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(HTTP1ResponseHead.badRequest)).whenComplete { _ in channel.close(promise: nil) }
    }

    // MARK: Answering

    private func dispatch(head: HTTPRequestHead, request: HTTPRequest, body: RequestBody, bodyPending: Bool, context: ChannelHandlerContext) {
        state = .answering(bodyPending: bodyPending)
        answerInFlight = true
        if !head.isKeepAlive { closeAfterAnswer = true }
        // HEAD is answered as GET would be, without the body (RFC 9110, 9.3.2): the routes are GET routes.
        var routed = request
        if request.method == .head { routed.method = .get }
        Self.answer(
            Request(head: routed, body: body), method: request.method, responder: responder, channel: context.channel, executor: executor,
            connection: NIOLoopBound(HTTP1BodyWriter.Ends(handler: self, context: context), eventLoop: context.eventLoop))
    }

    /// Has the router answer `request` in a task of its own on the connection's event loop, and writes the answer to
    /// the request's `method`.
    private static func answer(
        _ request: Request, method: HTTPRequest.Method, responder: @escaping Responder, channel: any Channel, executor: EventLoopTaskExecutor,
        connection: HTTP1BodyWriter.Connection
    ) {
        Task(executorPreference: executor) {
            let response = await responder(request, channel)
            await write(response, method: method, to: connection)
        }
    }

    /// Writes `response` on the connection: its head and a fixed-length body in one flush, a chunked body part by
    /// part. Runs on the connection's event loop (the task's executor preference); the writer hops there if not.
    private static func write(_ response: Response, method: HTTPRequest.Method, to connection: HTTP1BodyWriter.Connection) async {
        do {
            // The head, with the header fields every answer carries; the body is the route's.
            try await HTTP1BodyWriter.onLoop(connection) { connection in
                connection.handler.startAnswer(response, method: method, context: connection.context)
                return nil
            }
            // An answer without a body (HEAD's) does not run the route's body at all: an event stream would never end.
            if method != .head { try await response.body.write(HTTP1BodyWriter(connection: connection)) }
            // A body closure that returned without finishing is finished here.
            try await HTTP1BodyWriter.onLoop(connection) { $0.handler.finishAnswer(context: $0.context) }
        } catch {
            // The client went away mid-stream, or the route's body closure threw: nothing more can be said on it.
            connection.eventLoop.execute { connection.value.context.close(promise: nil) }
        }
    }

    /// The answer being written: its head until it is written, and whether it is finished.
    private var answer: (head: HTTP1ResponseHead, headWritten: Bool, lastWrite: EventLoopFuture<Void>?)?
    private static let crlf = ByteBuffer(string: "\r\n")
    private static let lastChunk = ByteBuffer(string: "0\r\n\r\n")

    private func startAnswer(_ response: Response, method: HTTPRequest.Method, context: ChannelHandlerContext) {
        let head = HTTP1ResponseHead(
            response, requestMethod: method, closing: closeAfterAnswer, date: date.now(), serverName: serverName,
            allocator: context.channel.allocator)
        answer = (head, false, nil)
    }

    /// Writes the answer's head if it is not yet written.
    private func writeHead(context: ChannelHandlerContext) {
        guard let current = answer, !current.headWritten else { return }
        answer = (current.head, true, context.write(wrapOutboundOut(current.head.bytes)))
    }

    /// One part of the answer's body: held with the head for one flush at the end, or sent at once (the future of its
    /// flush, for the writer to wait on: a slow reader holds the stream back, and the loop serves its other
    /// connections meanwhile) when it is a chunk or a large piece of a fixed-length answer (`AnswerBody`).
    func writeBody(_ bytes: ByteBuffer, context: ChannelHandlerContext) -> EventLoopFuture<Void>? {
        writeHead(context: context)
        guard let current = answer, current.head.carriesBody, bytes.readableBytes > 0 else { return nil }
        switch current.head.framing {
        case .fixed:
            let written = context.write(wrapOutboundOut(bytes))
            answer = (current.head, true, written)
            guard bytes.readableBytes >= AnswerBody.pieceSize else { return nil }
            context.flush()
            return written
        case .chunked:
            var size = context.channel.allocator.buffer(capacity: 12)
            size.writeString(String(bytes.readableBytes, radix: 16))
            size.writeStaticString("\r\n")
            context.write(wrapOutboundOut(size), promise: nil)
            context.write(wrapOutboundOut(bytes), promise: nil)
            let written = context.writeAndFlush(wrapOutboundOut(Self.crlf))
            answer = (current.head, true, written)
            return written
        }
    }

    /// Ends the answer (once: a second call does nothing) and flushes it; then the connection goes on, or closes once
    /// the last bytes are written.
    func finishAnswer(context: ChannelHandlerContext) -> EventLoopFuture<Void>? {
        guard answer != nil else { return nil }
        writeHead(context: context)
        if let current = answer, current.head.framing == .chunked, current.head.carriesBody {
            answer = (current.head, true, context.write(wrapOutboundOut(Self.lastChunk)))
        }
        context.flush()
        let lastWrite = answer?.lastWrite
        answer = nil
        if closeAfterAnswer, let lastWrite {
            lastWrite.assumeIsolated().whenComplete { _ in self.answerWritten(context: context) }
        } else {
            answerWritten(context: context)
        }
        return nil
    }

    /// The answer in flight was written to its end: the next request, a held read, or the connection's end.
    private func answerWritten(context: ChannelHandlerContext) {
        answerInFlight = false
        timer.answerEnded()
        if closeAfterAnswer {
            state = .closing
            context.close(promise: nil)
            return
        }
        if case .answering(bodyPending: false) = state { state = .idle }
        while !answerInFlight, let part = queued.popFirst() {
            handle(part, context: context)
        }
        if answerInFlight { return }
        if inputClosed, case .idle = state {
            context.close(promise: nil)
            return
        }
        if readHeld {
            readHeld = false
            context.read()
        }
    }
}
