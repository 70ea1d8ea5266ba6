import CloudModel
import Foundation
import Hummingbird

/// LocalVPC's own routes, under `/_localvpc/`: health and reset (also at moto's `/moto-api/reset`).
struct AdminRoutes: Sendable {
    let cloud: CloudService
    let startedAt: ContinuousClock.Instant

    func register(on router: Router<some RequestContext>) {
        router.get("/_localvpc/health") { _, _ in health() }
        router.post("/_localvpc/reset") { _, _ in try await reset() }
        router.post("/moto-api/reset") { _, _ in try await reset() }
    }

    func health() -> Response {
        let uptime = ContinuousClock.now - startedAt
        let seconds = Double(uptime.components.seconds) + Double(uptime.components.attoseconds) / 1e18
        return Self.json([
            "status": "ok", "version": LocalVPC.version, "uptimeSeconds": seconds, "resources": cloud.snapshot().resourceCount,
        ])
    }

    func reset() async throws -> Response {
        try await cloud.reset()
        return Self.json(["status": "ok"])
    }

    static func json(_ object: [String: any Sendable]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
