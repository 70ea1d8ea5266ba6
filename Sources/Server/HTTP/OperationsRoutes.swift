import CloudModel
import Foundation
import Hummingbird
import Logging
import NIOCore

/// Routes for whoever runs the server: `GET /metrics` (Prometheus's text format) and the log level,
/// `GET`/`POST /_localvpc/log-level`, changed without a restart.
struct OperationsRoutes: Sendable {
    let cloud: CloudService
    let metrics: ServerMetrics
    let logLevel: LogLevelSwitch?

    func register(on router: Router<some RequestContext>) {
        router.get("/metrics") { _, _ in exposition() }
        router.get("/_localvpc/log-level") { _, _ in level() }
        router.post("/_localvpc/log-level") { request, _ in try await setLevel(request) }
    }

    /// The metrics as Prometheus scrapes them, the state's size read as of now.
    func exposition() -> Response {
        metrics.observe(cloud.snapshot())
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
    }

    /// `{"level": "info"}`.
    func level() -> Response {
        guard let logLevel else { return fixed() }
        return AdminRoutes.json(["level": logLevel.level.rawValue])
    }

    /// Sets the level from `{"level": "debug"}` (trace, debug, info, notice, warning, error or critical), for every
    /// logger at once; anything else is a 400 naming the levels, and changes nothing.
    func setLevel(_ request: Request) async throws -> Response {
        guard let logLevel else { return fixed() }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: 4096)
        } catch is NIOTooManyBytesError {
            return AdminRoutes.json(["error": "the body is over 4096 bytes; expected {\"level\": \"debug\"}"], status: .contentTooLarge)
        }
        let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))
        guard let name = (object as? [String: Any])?["level"] as? String, let level = Logger.Level(rawValue: name.lowercased()) else {
            let names = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
            return AdminRoutes.json(["error": "expected a JSON body like {\"level\": \"debug\"} with one of: \(names)"], status: .badRequest)
        }
        let before = logLevel.level
        logLevel.level = level
        Logger(label: "localvpc").notice("log level changed", metadata: ["from": "\(before)", "to": "\(level)"])
        return AdminRoutes.json(["level": level.rawValue, "previous": before.rawValue])
    }

    private func fixed() -> Response {
        AdminRoutes.json(
            ["error": "this server's log handler has a fixed level (it was not started by `localvpc serve`)"], status: .conflict)
    }
}
