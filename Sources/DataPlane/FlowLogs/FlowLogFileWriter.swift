import CloudModel
import Foundation

/// Writes closed windows under the server's state folder, in the layout of each flow log's destination
/// (``FlowLogDeliveryLayout``): `flow-logs/s3/BUCKET/…/….log.gz` files with AWS's header line,
/// `flow-logs/cloudwatch-logs/ACCOUNT/REGION/GROUP/ENI-ID` streams (one record a line, appended), and
/// `flow-logs/firehose/ACCOUNT/REGION/STREAM` for Kinesis Data Firehose.
struct FlowLogFileWriter: Sendable {
    let root: URL

    func write(_ window: FlowLogRecorder.ClosedWindow) throws {
        let flowLog = window.flowLog
        guard !window.records.isEmpty else { return }
        let lines = window.records.map { $0.line(format: flowLog.logFormat) }
        switch flowLog.destination.kind {
        case .s3:
            let body = ([FlowLogFormat.header(of: flowLog.logFormat)] + lines).joined(separator: "\n") + "\n"
            let hash = String(format: "%08x", GzipFile.crc32(Array("\(flowLog.id) \(window.start.timeIntervalSince1970) \(body)".utf8)))
            let key = FlowLogDeliveryLayout.s3Key(of: flowLog, at: window.end, hash: hash)
            let file = root.appendingPathComponent("s3").appendingPathComponent(key)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try GzipFile.data(Data(body.utf8)).write(to: file, options: .atomic)
        case .cloudWatchLogs:
            var byInterface: [String: [String]] = [:]
            for (record, line) in zip(window.records, lines) { byInterface[record.interfaceId, default: []].append(line) }
            for (interfaceId, lines) in byInterface {
                let path = FlowLogDeliveryLayout.logStreamPath(of: flowLog, interfaceId: interfaceId)
                try append(lines, to: root.appendingPathComponent("cloudwatch-logs").appendingPathComponent(path))
            }
        case .kinesisDataFirehose:
            let stream = flowLog.destination.arn?.split(separator: "/").last.map(String.init) ?? flowLog.id
            try append(lines, to: root.appendingPathComponent("firehose/\(flowLog.scope.account)/\(flowLog.scope.region)/\(stream)"))
        }
    }

    private func append(_ lines: [String], to file: URL) throws {
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let data = Data((lines.joined(separator: "\n") + "\n").utf8)
        if let handle = try? FileHandle(forWritingTo: file) {
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: data)
        } else {
            try data.write(to: file)
        }
    }
}
