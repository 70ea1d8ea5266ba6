import CloudModel
import EC2Protocol
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import Persistence

/// `POST /` (and `GET /?Action=…`): the AWS Query endpoint for EC2, and for STS when the credential scope says `sts`.
///
/// Every answer is an AWS document: a result, or an error with a code a client can match. Anything unexpected
/// becomes `InternalError` with the request id in the log, never a crash and never a non-AWS error page.
struct QueryEndpoint: Sendable {
    let ec2: EC2Handlers
    let configuration: ServerConfiguration
    /// The signature check of `serve --verify-signatures`; nil when signatures are not verified (the default).
    var signatures: SignatureVerification?
    /// STS, with the temporary credentials it issued (those `signatures` accepts).
    var sts = SecurityTokenService(sessionTokens: SessionTokens())
    /// The largest request body accepted; larger ones are refused with an AWS error.
    static let maximumBodySize = 4 << 20
    /// Answers of time-independent describes, reused while the state has not changed (`DescribeAnswerCache`).
    let answers = DescribeAnswerCache()

    func respond(to request: Request, context: some RequestContext) async -> Response {
        let requestId = RequestIds.next()
        let started = ContinuousClock.now
        var parameters = QueryParameters(pairs: [])
        var action = "?"
        let response: Response
        do {
            let body = try await Self.body(of: request)
            let form = Self.form(query: request.uri.query, body: body)
            parameters = try await Self.decodedParameters(form: form)
            action = parameters["Action"] ?? "?"
            RequestOutcome.current?.note(action: action)
            let identity: RequestIdentity
            let motoAccount: String?
            if let signatures {
                // Verified: the signed key alone says who asks (moto's account header would let anyone be anyone).
                identity = try signatures.identity(of: request, body: body)
                motoAccount = nil
            } else {
                identity = RequestIdentity(authorization: request.headers[.authorization], credentialParameter: parameters["X-Amz-Credential"])
                motoAccount = request.headers[.motoAccountId]
            }
            let scope = identity.scope(motoAccountHeader: motoAccount, configuration: configuration)
            if identity.service == "sts" {
                response = try sts.respond(
                    parameters: parameters, account: scope.account, accessKeyId: identity.accessKeyId, requestId: requestId, now: Date())
            } else {
                guard RegionCatalog.region(named: scope.region) != nil else { throw EC2Error.unknownRegion(scope.region) }
                // The version is read before the handler's snapshot: an answer is never kept under a newer version
                // than the state it was rendered from. On a shared store, after catching up with the other servers.
                let cacheable = DescribeAnswerCache.isCacheable(action)
                if cacheable { try await ec2.cloud.catchUpBeforeReading() }
                let key =
                    cacheable ? DescribeAnswerCache.key(action: action, form: form, scope: scope, version: ec2.cloud.stateVersion) : nil
                if let key, let answer = answers.answer(for: key) {
                    response = Self.xml(AnswerBody.body(answer.bytes, requestId: requestId, replacing: answer.requestIdRange), status: .ok)
                } else {
                    let render = {
                        try await ec2.respond(
                            action: parameters["Action"], parameters: parameters, requestId: requestId,
                            context: EC2RequestContext(scope: scope, requestId: requestId))
                    }
                    let document: EC2ResponseDocument
                    if let key {
                        // Kept unless rendering it read the clock.
                        let clock = AnswerClock()
                        document = try await AnswerClock.$current.withValue(clock) { try await render() }
                        if !clock.wasRead { answers.store(document, for: key) }
                    } else {
                        document = try await render()
                    }
                    response = Self.xml(AnswerBody.body(document.bytes), status: .ok)
                }
            }
        } catch let error as EC2Error {
            response = Self.error(error, requestId: requestId)
        } catch let error as StoreUnavailable {
            // PostgreSQL is down or restarting: the client retries (botocore does on 503), and the server resumes when it
            // is back. Nothing was acknowledged.
            context.logger.warning(
                "store unavailable", metadata: ["request-id": "\(requestId)", "action": "\(Self.logged(action))", "error": "\(error)"])
            response = Self.error(.serviceUnavailable, requestId: requestId)
        } catch let error as QueryDecodingError {
            response = Self.error(DecodingRefusals.answer(error, action: action), requestId: requestId)
        } catch is NIOTooManyBytesError {
            response = Self.error(.requestEntityTooLarge(limit: Self.maximumBodySize), requestId: requestId)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            response = Self.error(.requestEntityTooLarge(limit: Self.maximumBodySize), requestId: requestId)
        } catch let error as HTTPParserError {
            // The head was read but the body's framing was not (bad chunk sizes, the connection closed before
            // Content-Length bytes): the client's mistake, answered on the connection that cannot be read any further.
            response = Self.closing(Self.error(.malformedRequestBody(Self.reason(error)), requestId: requestId))
        } catch {
            context.logger.error("internal error", metadata: ["request-id": "\(requestId)", "action": "\(Self.logged(action))", "error": "\(error)"])
            response = Self.error(.internalError(requestId: requestId), requestId: requestId)
        }
        // Metadata, never the message: the log handler escapes and quotes every value (`KeyValueLogHandler`).
        context.logger.info(
            "request",
            metadata: [
                "request-id": "\(requestId)", "action": "\(Self.logged(action))", "status": "\(response.status.code)",
                "ms": "\((ContinuousClock.now - started).milliseconds)",
            ])
        return response
    }

    /// The body of a POST (up to `maximumBodySize`), empty for other methods.
    static func body(of request: Request) async throws -> ByteBuffer {
        request.method == .post ? try await request.body.collect(upTo: maximumBodySize) : ByteBuffer()
    }

    /// The request's form: the query string (for GET and presigned requests) and the form body of a POST.
    static func form(query: String?, body: ByteBuffer) -> String {
        let text = String(decoding: body.readableBytesView, as: UTF8.self)
        guard let query, !query.isEmpty else { return text }
        return text.isEmpty ? query : query + "&" + text
    }

    /// Forms at least this long are decoded on `LongReadExecutor`'s threads: decoding a megabyte-long filter value
    /// takes milliseconds, which on an event loop every request queued there would wait for.
    static let longFormSize = 64 << 10

    /// The form's parameters, decoded off the event loops when the form is long.
    static func decodedParameters(form: String) async throws -> QueryParameters {
        guard form.utf8.count >= longFormSize else { return QueryParameters(formEncoded: form) }
        return try await LongReadExecutor.run { QueryParameters(formEncoded: form) }
    }

    /// A client's `Action` as logged: cut to 128 characters, so a megabyte-long one does not make a megabyte-long line.
    static func logged(_ action: String) -> String {
        action.count > 128 ? action.prefix(128) + "…" : action
    }

    /// `response`, closing the connection after it: what is left of the request cannot be read as HTTP.
    static func closing(_ response: Response) -> Response {
        var response = response
        response.headers[.connection] = "close"
        return response
    }

    /// What was wrong with the request's framing, in words for its error message.
    static func reason(_ error: HTTPParserError) -> String {
        switch error {
        case .invalidEOFState: "the connection ended before the body did (fewer bytes than its Content-Length, or no last chunk)"
        case .invalidChunkSize: "a chunk size of its chunked body is not a hexadecimal number"
        case .invalidContentLength: "its Content-Length is not a number"
        default: "its HTTP framing is malformed (\(error))"
        }
    }

    /// An XML answer: `body` holds the rendered document (an error's), written to the connection as it is.
    static func xml(_ body: ByteBuffer, status: HTTPResponse.Status) -> Response {
        xml(ResponseBody(byteBuffer: body), status: status)
    }

    /// An XML answer whose body is written as `body` says (`AnswerBody`: a rendered document, or a kept answer with the
    /// request's id spliced in).
    static func xml(_ body: ResponseBody, status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: "text/xml;charset=UTF-8"], body: body)
    }

    /// An XML answer written as text (STS's), copied once into the buffer the connection writes.
    static func xml(_ body: String, status: HTTPResponse.Status) -> Response {
        Response(
            status: status, headers: [.contentType: "text/xml;charset=UTF-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// The AWS error document for `error`, with the HTTP status AWS sends for its code (`EC2Error.httpStatus`).
    static func error(_ error: EC2Error, requestId: String) -> Response {
        RequestOutcome.current?.note(code: error.code)
        return xml(
            ByteBuffer(bytes: EC2ErrorDocument(code: error.code, message: error.message, requestId: requestId).bytes),
            status: HTTPResponse.Status(code: error.httpStatus))
    }
}

extension HTTPField.Name {
    /// moto's header for acting as another account, honoured so moto-based test suites run unchanged.
    static let motoAccountId = HTTPField.Name("x-moto-account-id")!
}

extension Duration {
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}

extension EC2Error {
    static func unknownRegion(_ region: String) -> EC2Error {
        EC2Error(
            code: "AuthFailure",
            message: "LocalVPC does not know the region '\(region)' named in the request's credential scope. Use a real AWS region such as us-east-1."
        )
    }
}
