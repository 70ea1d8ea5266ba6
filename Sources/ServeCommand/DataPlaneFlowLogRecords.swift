import DataPlane
import Server

/// The data plane's flow log records, as the server's `GET /_localvpc/flow-logs/{id}` reads them.
struct DataPlaneFlowLogRecords: FlowLogRecordSource {
    let flowLogs: FlowLogService

    func records(of flowLogId: String, after: Int, flush: Bool) async -> (lines: [String], next: Int)? {
        await flowLogs.records(of: flowLogId, after: after, flush: flush).map { ($0.lines, $0.next) }
    }
}
