import AWSTimestamp
import CloudModel
import Foundation
import Hummingbird
import NIOCore
import Persistence

/// LocalVPC's own routes, under `/_localvpc/`: health and reset (also at moto's `/moto-api/reset`).
struct AdminRoutes: Sendable {
    let cloud: CloudService
    let startedAt: ContinuousClock.Instant
    var companions: [CloudCompanion] = []
    /// Whether the Query API requires SigV4 signatures: the console asks for keys to sign with when it does.
    var verifiesSignatures = false
    /// Where the state is kept: `postgresql`, `sqlite` or `memory`.
    var store = "memory"
    /// Whether this server runs the data plane: always on its own store, the lock's holder on a shared one.
    var isDataPlaneLeader: @Sendable () -> Bool = { true }

    func register(on router: Router<some RequestContext>) {
        let document = HealthDocument(version: LocalVPC.version, store: store, verifiesSignatures: verifiesSignatures, companions: companions)
        router.get("/_localvpc/health") { _, _ in health(document) }
        router.post("/_localvpc/reset") { _, _ in try await reset() }
        router.post("/moto-api/reset") { _, _ in try await reset() }
        router.get("/_localvpc/clock") { _, _ in await readClock() }
        router.post("/_localvpc/clock") { request, _ in try await advanceClock(request) }
    }

    /// `{"now": "…", "offsetSeconds": N}`: the time every rule uses.
    func clock() -> Response {
        Self.json(["now": AWSTimestamp.format(cloud.clock.now()), "offsetSeconds": cloud.clock.offset])
    }

    /// The clock, once caught up with the other servers sharing the store (a clock one of them moved is read here).
    func readClock() async -> Response {
        do {
            try await cloud.catchUpBeforeReading()
        } catch {
            return Self.json(["error": "ServiceUnavailable: \(error)"], status: .serviceUnavailable)
        }
        return clock()
    }

    /// Moves time forward by `{"advanceSeconds": N}` (never back), so expiry and visibility windows can be
    /// seen without waiting. The clock never runs more than `CloudClock.maximumOffset` (100 years) ahead: an
    /// advance past it is refused whole, with a 400 saying how far the clock may still go.
    func advanceClock(_ request: Request) async throws -> Response {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: 4096)
        } catch is NIOTooManyBytesError {
            return Self.json(["error": "the body is over 4096 bytes; expected {\"advanceSeconds\": N}"], status: .contentTooLarge)
        }
        let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))
        guard let seconds = (object as? [String: Any])?["advanceSeconds"] as? Double, seconds >= 0, seconds.isFinite else {
            return Self.json(["error": "expected a JSON body like {\"advanceSeconds\": 3600} with a non-negative number"], status: .badRequest)
        }
        guard seconds <= cloud.clock.remainingAdvance else {
            return Self.json(
                [
                    "error":
                        "advanceSeconds \(seconds) would move the clock more than \(Int(CloudClock.maximumOffset)) seconds (100 years) ahead of "
                        + "real time; it may move at most \(Int(cloud.clock.remainingAdvance)) more seconds. POST /_localvpc/reset sets it back.",
                    "maximumOffsetSeconds": CloudClock.maximumOffset, "offsetSeconds": cloud.clock.offset,
                ], status: .badRequest)
        }
        do {
            try await cloud.advanceClock(by: seconds)
        } catch let error as StoreUnavailable {
            return Self.json(["error": "ServiceUnavailable: \(error.reason)"], status: .serviceUnavailable)
        }
        return clock()
    }

    func health(_ document: HealthDocument) -> Response {
        let uptime = ContinuousClock.now - startedAt
        let readings = HealthDocument.Readings(
            uptimeSeconds: Double(uptime.components.seconds) + Double(uptime.components.attoseconds) / 1e18,
            resources: cloud.snapshot().resourceCount, stateVersion: cloud.stateVersion, dataPlaneLeader: isDataPlaneLeader())
        return Response(
            status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: document.render(readings))))
    }

    func reset() async throws -> Response {
        do {
            try await cloud.reset()
        } catch let error as StoreUnavailable {
            return Self.json(["error": "ServiceUnavailable: \(error.reason)"], status: .serviceUnavailable)
        }
        return Self.json(["status": "ok"])
    }

    static func json(_ object: [String: any Sendable], status: HTTPResponse.Status = .ok) -> Response {
        if let bytes = JSONText.encode(object) {
            return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
