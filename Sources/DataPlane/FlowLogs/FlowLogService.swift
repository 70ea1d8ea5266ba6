import CloudModel
import Dispatch
public import Foundation
import Logging
import Synchronization

/// Flow logs from real traffic: every second (while any flow log exists) reads each router's conntrack counters and
/// the decider's dropped first packets, adds them to the open windows, closes the windows that are due and delivers
/// their records (kept for `localvpc flow-logs`, and written under the state folder when the server has one).
///
/// Everything that samples or closes runs on one queue of its own, off the data plane's and the HTTP event loops.
public final class FlowLogService: Sendable {
    /// Records delivered for one flow log, for readers that page through them.
    private struct Delivered {
        /// How many lines were let go from the front (``limit``), so cursors stay valid.
        var base = 0
        var lines: [String] = []
    }

    /// A page of delivered records: their lines in the flow log's format, and the cursor to ask from next.
    public struct Page: Sendable {
        public let lines: [String]
        public let next: Int
    }

    /// Lines kept per flow log for readers (the files keep everything).
    static let limit = 200_000

    private let queue = DispatchQueue(label: "localvpc.flow-logs")
    private let recorder = Mutex(FlowLogRecorder())
    private let accounting = Mutex(ConntrackAccounting())
    private let delivered = Mutex([String: Delivered]())
    let rejections = FlowRejections()
    private let writer: FlowLogFileWriter?
    private let now: @Sendable () -> Date
    /// What it carried past the routers' stacks is added to their counters.
    private let fastPath: FastPath?
    private let logger: Logger

    /// - Parameter directory: where records are written (`STATE_DIR/flow-logs`); nil keeps them in memory only.
    init(directory: URL?, now: @escaping @Sendable () -> Date, fastPath: FastPath? = nil, logger: Logger) {
        writer = directory.map(FlowLogFileWriter.init(root:))
        self.now = now
        self.fastPath = fastPath
        self.logger = logger
    }

    /// The cloud after a change: the interfaces, flow logs and routers from now on.
    func update(interfaces: FlowLogInterfaces, views: [String: RouterView]) {
        let time = now()
        let (wasRecording, recording) = recorder.withLock { recorder in
            let was = recorder.isRecording
            recorder.update(interfaces: interfaces, views: views, now: time)
            return (was, recorder.isRecording)
        }
        rejections.setRecording(recording)
        accounting.withLock { $0.keep(Set(views.keys)) }
        // The first flow log counts from now: what flows carried before is read once and let go.
        if recording && !wasRecording { queue.async { _ = self.observations() } }
    }

    /// One second's work: sample, then close what is due.
    func tick() async {
        await onQueue {
            guard self.recorder.withLock({ $0.isRecording }) else { return }
            self.sample()
            let time = self.now()
            self.deliver(self.recorder.withLock { $0.closeDue(now: time) })
        }
    }

    /// The records of `flowLogId` from cursor `after`; with `flush`, its open window is closed first (after a last
    /// look at the counters). Nil when no such flow log was ever recorded.
    public func records(of flowLogId: String, after: Int, flush: Bool) async -> Page? {
        await onQueue {
            if flush {
                self.sample()
                let time = self.now()
                if let window = self.recorder.withLock({ $0.close(flowLogId, now: time) }) { self.deliver([window]) }
            }
            let known = self.recorder.withLock { $0.interfaces.flowLogs[flowLogId] != nil }
            return self.delivered.withLock { delivered -> Page? in
                guard let entry = delivered[flowLogId] else { return known ? Page(lines: [], next: 0) : nil }
                let from = max(after - entry.base, 0)
                let lines = from < entry.lines.count ? Array(entry.lines[from...]) : []
                return Page(lines: lines, next: entry.base + entry.lines.count)
            }
        }
    }

    /// Reads every router's counters and the dropped packets into the open windows.
    private func sample() {
        let observations = observations()
        let rejected = rejections.drain()
        let time = now()
        recorder.withLock { recorder in
            recorder.observe(observations + rejected.flatMap { recorder.observations(of: $0) }, at: time)
        }
    }

    /// What every router's flows carried since the last look.
    private func observations() -> [FlowObservation] {
        let (views, interfaces) = recorder.withLock { ($0.views, $0.interfaces) }
        let read = ConntrackAccounting.read(views.values.sorted(by: { $0.namespace < $1.namespace })) { view in
            do {
                let entries = try Conntrack.entries(namespace: view.namespace)
                return fastPath?.addingCarried(to: entries, namespace: view.namespace) ?? entries
            } catch {
                logger.debug("flow logs: could not read the flows of \(view.namespace): \(error)")
                return nil
            }
        }
        return accounting.withLock { accounting in
            read.tables.flatMap { accounting.sample($0.entries, view: $0.view, interfaces: interfaces, crossingMarks: read.crossingMarks) }
        }
    }

    private func deliver(_ windows: [FlowLogRecorder.ClosedWindow]) {
        for window in windows {
            let lines = window.records.map { $0.line(format: window.flowLog.logFormat) }
            delivered.withLock { delivered in
                var entry = delivered[window.flowLog.id] ?? Delivered()
                entry.lines += lines
                if entry.lines.count > Self.limit {
                    let excess = entry.lines.count - Self.limit
                    entry.lines.removeFirst(excess)
                    entry.base += excess
                }
                delivered[window.flowLog.id] = entry
            }
            do {
                try writer?.write(window)
            } catch {
                logger.warning("flow logs: could not write the records of \(window.flowLog.id): \(error)")
            }
        }
    }

    private func onQueue<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in queue.async { continuation.resume(returning: work()) } }
    }
}
