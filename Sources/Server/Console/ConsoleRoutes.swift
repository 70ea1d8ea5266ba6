import CloudModel
import Foundation
import Hummingbird
import Reachability

/// The web console: `GET /` from a browser (a request without `Action`), its files under `/console/`, and the change
/// feed as server-sent events at `/_localvpc/events`, so an open page shows a change made anywhere within a moment.
///
/// The console changes the cloud only through the EC2 Query API at `/`, exactly as the AWS CLI does: it has no
/// routes of its own that change anything.
struct ConsoleRoutes: Sendable {
    let cloud: CloudService
    let assets: ConsoleAssets
    let configuration: ServerConfiguration
    /// Ends the event streams when the server stops.
    let stopping: ServerStopping

    func register(on router: Router<some RequestContext>) {
        router.get("/console/:file") { _, context in
            guard let name = context.parameters.get("file"), let asset = assets.file(named: name) else { return Self.notFound }
            return Response(
                status: .ok, headers: [.contentType: asset.contentType, .cacheControl: "no-cache"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: asset.contents)))
        }
        router.get("/_localvpc/events") { _, _ in events() }
        router.get("/_localvpc/console/fixes") { request, _ in fixes(request) }
    }

    /// `GET /_localvpc/console/fixes?analysis=nia-…` (account and Region from the credential scope, as the API's):
    /// the evaluator's fix for each explanation of the analysis's path as the state is now, with the EC2 calls that
    /// make it. It changes nothing: the console applies a fix through the EC2 API.
    func fixes(_ request: Request) -> Response {
        let scope = RequestIdentity(authorization: request.headers[.authorization]).scope(motoAccountHeader: nil, configuration: configuration)
        let state = cloud.snapshot()
        guard let id = request.uri.queryParameters["analysis"].map(String.init), let analysis = state[scope].networkInsightsAnalyses[id],
            let path = state[scope].networkInsightsPaths[analysis.networkInsightsPathId]
        else {
            return AdminRoutes.json(["error": "no such Network Insights analysis in this account and Region"], status: .notFound)
        }
        let found = Evaluator(state: state, scope: scope, at: cloud.clock.now()).analyze(PathQuery(path))
        let fixes: [ConsoleFix] = found.explanations.compactMap { explanation in
            guard let fix = explanation.fix else { return nil }
            return ConsoleFix(fix, code: explanation.code.rawValue, owner: ConsoleFix.owner(of: fix, in: state, default: scope))
        }
        return AdminRoutes.json(["reachable": found.isReachable, "fixes": fixes.map(\.json)])
    }

    /// Whether a `GET /` asks for the console rather than the Query API: an API call always names its `Action`.
    static func wantsConsole(_ request: Request) -> Bool {
        let query = request.uri.queryParameters
        return query["Action"] == nil && query["X-Amz-Credential"] == nil
    }

    /// The console's page.
    func index() -> Response {
        guard let page = assets.file(named: "index.html") else { return Self.notFound }
        return Response(
            status: .ok, headers: [.contentType: page.contentType, .cacheControl: "no-cache"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: page.contents)))
    }

    /// `text/event-stream`: a `change` event per committed batch (its version and the ids it touched; `reset` when the
    /// whole cloud was forgotten), the latest only when a page falls behind, and a comment every 15 s so the
    /// connection is kept. The stream ends when the page goes or the server shuts down.
    func events() -> Response {
        let changes = cloud.changes(latestOnly: true)
        let version = cloud.stateVersion
        let body = ResponseBody { writer in
            let (lines, line) = AsyncStream<String>.makeStream()
            let forwarding = Task {
                for await batch in changes { line.yield("event: change\ndata: \(ConsoleEvent(batch).json)\n\n") }
                line.finish()
            }
            let heartbeat = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(15))
                    line.yield(": keep-alive\n\n")
                }
            }
            let stop = stopping.onStop { line.finish() }
            defer {
                forwarding.cancel()
                heartbeat.cancel()
                stopping.remove(stop)
            }
            try await writer.write(ByteBuffer(string: "retry: 1000\nevent: hello\ndata: {\"version\":\(version)}\n\n"))
            for await text in lines { try await writer.write(ByteBuffer(string: text)) }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache", .connection: "keep-alive"], body: body)
    }

    static let notFound = Response(
        status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: "Not found\n")))
}
