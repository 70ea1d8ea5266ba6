import CloudModel
import CoreMetrics
import EC2Protocol
import Prometheus
import Synchronization

/// What `GET /metrics` reports, in Prometheus's text format: requests by action and code, their latency, the
/// state's size by kind, commit latency and open connections.
///
/// Metrics are made through swift-metrics' API (`Counter`, `Timer`, `Meter`) with swift-prometheus's factory over a
/// registry of this server's own, rather than the process-wide `MetricsSystem`: each server (and each in-process
/// test) reports only its own figures. Label values are bounded: an action is one of the EC2 or STS actions
/// LocalVPC knows (anything else a client sends counts as `unknown`), a code is an AWS error code LocalVPC chose
/// or `OK`.
public final class ServerMetrics: Sendable {
    /// The Prometheus registry the metrics live in; `/metrics` is its text.
    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private let requests = Mutex<[RequestKey: RequestMetrics]>([:])
    /// Connections open now (`ConnectionLimit` counts them).
    let openConnections: Meter
    /// How long a batch of changes takes to become durable (`StoreWriter`).
    private let commitDuration: CoreMetrics.Timer
    private let resources = Mutex<[String: Meter]>([:])

    static let requestsTotal = "localvpc_requests_total"
    static let requestDuration = "localvpc_request_duration_seconds"
    static let commitDurationName = "localvpc_commit_duration_seconds"

    public init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        // From 100 µs: most answers take well under a millisecond, and the library's default starts at 5 ms.
        let fine: [Duration] = [
            .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
            .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
            .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
        ]
        factory.durationHistogramBuckets = [Self.requestDuration: fine, Self.commitDurationName: fine]
        self.factory = factory
        openConnections = Meter(label: "localvpc_open_connections", factory: factory)
        commitDuration = CoreMetrics.Timer(label: Self.commitDurationName, factory: factory)
    }

    /// Records how long one batch of changes took to become durable.
    func recordCommit(_ duration: Duration) { commitDuration.recordNanoseconds(duration.nanoseconds) }

    /// Counts one answered Query request and its time: `action` as the client named it, `code` the AWS error code
    /// or nil.
    func record(action: String?, code: String?, duration: Duration) {
        record(RequestKey(action: Self.label(forAction: action), code: code ?? "OK"), duration: duration)
    }

    /// Counts one answered request to one of LocalVPC's own routes: `route` is its method and pattern, `code` its
    /// HTTP status when it is an error.
    func record(route: String, code: String?, duration: Duration) {
        record(RequestKey(action: route, code: code ?? "OK"), duration: duration)
    }

    private func record(_ key: RequestKey, duration: Duration) {
        let metrics = requests.withLock { table in
            if let known = table[key] { return known }
            let dimensions = [("action", key.action), ("code", key.code)]
            let made = RequestMetrics(
                count: CoreMetrics.Counter(label: Self.requestsTotal, dimensions: dimensions, factory: factory),
                duration: CoreMetrics.Timer(label: Self.requestDuration, dimensions: dimensions, factory: factory))
            table[key] = made
            return made
        }
        metrics.count.increment()
        metrics.duration.recordNanoseconds(duration.nanoseconds)
    }

    /// The `action` label for a client's Action: itself when LocalVPC knows it, else `unknown` (clients choose it).
    static func label(forAction action: String?) -> String {
        guard let action, !action.isEmpty else { return "none" }
        if EC2Action(rawValue: action) != nil || action == "GetCallerIdentity" { return action }
        return "unknown"
    }

    /// Sets `localvpc_resources{kind=…}` from the state: called as `/metrics` is read, so it is never stale.
    func observe(_ state: CloudState) {
        var counts: [String: Int] = [:]
        for region in state.regions.values {
            for resource in region.resources { counts[resource.kind, default: 0] += 1 }
        }
        resources.withLock { gauges in
            for kind in Set(gauges.keys).union(counts.keys) {
                let gauge =
                    gauges[kind]
                    ?? {
                        let made = Meter(label: "localvpc_resources", dimensions: [("kind", kind)], factory: factory)
                        gauges[kind] = made
                        return made
                    }()
                gauge.set(counts[kind] ?? 0)
            }
        }
    }

    /// The registry's text, as Prometheus scrapes it.
    func exposition() -> [UInt8] { registry.emitToBuffer() }
}

/// One series of `localvpc_requests_total` and its histogram.
private struct RequestKey: Hashable {
    let action: String
    let code: String
}

private struct RequestMetrics: Sendable {
    let count: CoreMetrics.Counter
    let duration: CoreMetrics.Timer
}
