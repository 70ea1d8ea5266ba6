public import ServiceLifecycle

/// Something that runs beside the HTTP server and follows the cloud (the data plane), made once the state is loaded.
///
/// It is described here rather than imported, so the server does not depend on what the companion is.
public struct CloudCompanion: Sendable {
    /// Its key in `GET /_localvpc/health`.
    public var name: String
    /// The service to run beside the server, if any (a companion that is off still reports why in the health).
    public var service: (any Service)?
    /// What it reports in the health document.
    public var health: @Sendable () -> [String: any Sendable]
    /// The flow log records it makes, if it makes any (`GET /_localvpc/flow-logs/{id}`).
    public var flowLogRecords: (any FlowLogRecordSource)?
    /// The console's Connect into instances, if it runs them (`POST /_localvpc/console/connect`, `…/shell`).
    public var instanceShell: (any InstanceShell)?

    public init(
        name: String, service: (any Service)?, flowLogRecords: (any FlowLogRecordSource)? = nil, instanceShell: (any InstanceShell)? = nil,
        health: @escaping @Sendable () -> [String: any Sendable]
    ) {
        self.name = name
        self.service = service
        self.flowLogRecords = flowLogRecords
        self.instanceShell = instanceShell
        self.health = health
    }
}
