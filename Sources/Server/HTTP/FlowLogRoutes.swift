import CloudModel
import Foundation
import Hummingbird

/// `GET /_localvpc/flow-logs/{id}?after=N&flush=1`: a flow log's records, as `localvpc flow-logs` prints them.
///
/// Answers `{"flowLogId", "logFormat", "records": [line…], "next": N}`; `after` pages (ask again with `next` to
/// follow), `flush=1` closes the open aggregation interval first. An unknown flow log is 404 with AWS's
/// `InvalidFlowLogId.NotFound`; with the data plane off there are no records to give, and the answer says so (409),
/// never an empty success.
struct FlowLogRoutes: Sendable {
    let cloud: CloudService
    let source: (any FlowLogRecordSource)?
    /// Why there is no source, for the error.
    let unavailableReason: String

    func register(on router: Router<some RequestContext>) {
        router.get("/_localvpc/flow-logs/{id}") { request, context in
            await records(id: context.parameters.get("id") ?? "", query: request.uri.queryParameters)
        }
    }

    func records(id: String, query: Hummingbird.Parameters) async -> Response {
        let flowLog = cloud.snapshot().regions.values.lazy.compactMap { $0.flowLogs[id] }.first
        guard let flowLog else {
            let error = EC2Error.flowLogNotFound(id)
            return AdminRoutes.json(["error": error.message, "code": error.code], status: .notFound)
        }
        guard let source else {
            return AdminRoutes.json(
                [
                    "error": "flow log records come from the data plane, which is \(unavailableReason): start the server with --data-plane on "
                        + "(as root on Linux) to record traffic", "code": "DataPlaneOff",
                ], status: .conflict)
        }
        // Bounded at the edge: a negative `after` (down to Int.min) once overflowed the record arithmetic.
        let afterText = query.get("after")
        guard let after = afterText.map({ Int($0) }) ?? 0, after >= 0 else {
            return AdminRoutes.json(
                ["error": "after must be a record number (0 or more), as \"next\" gave it", "code": "InvalidParameterValue"],
                status: .badRequest)
        }
        let flush = ["1", "true", "yes"].contains(query.get("flush")?.lowercased() ?? "")
        let page = await source.records(of: id, after: after, flush: flush) ?? (lines: [], next: 0)
        return AdminRoutes.json(["flowLogId": id, "logFormat": flowLog.logFormat, "records": page.lines, "next": page.next])
    }
}
