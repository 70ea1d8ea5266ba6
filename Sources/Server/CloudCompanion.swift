public import ServiceLifecycle

/// Something that runs beside the HTTP server and follows the cloud (the data plane), made once the state is loaded.
///
/// It is described here rather than imported, so the server does not depend on what the companion is.
public struct CloudCompanion: Sendable {
    /// Its key in `GET /_localvpc/health`.
    public var name: String
    /// The service to run beside the server, if any (a companion that is off still reports why in the health).
    public var service: (any Service)?
    /// What it reports in the health document, as its fields (in any order).
    public var health: @Sendable () -> [(key: String, value: HealthValue)]
    /// The flow log records it makes, if it makes any (`GET /_localvpc/flow-logs/{id}`).
    public var flowLogRecords: (any FlowLogRecordSource)?
    /// The console's Connect into instances, if it runs them (`POST /_localvpc/console/connect`, `…/shell`).
    public var instanceShell: (any InstanceShell)?

    public init(
        name: String, service: (any Service)?, flowLogRecords: (any FlowLogRecordSource)? = nil, instanceShell: (any InstanceShell)? = nil,
        health: @escaping @Sendable () -> [(key: String, value: HealthValue)]
    ) {
        self.name = name
        self.service = service
        self.flowLogRecords = flowLogRecords
        self.instanceShell = instanceShell
        self.health = health
    }
}

/// One value of a companion's health report: typed, so the health document is written without dynamic casts.
public enum HealthValue: Sendable, Equatable {
    case flag(Bool)
    case integer(Int64)
    case text(String)

    public static func integer(_ value: some BinaryInteger) -> HealthValue { .integer(Int64(clamping: value)) }

    var field: JSONText.Field {
        switch self {
        case .flag(let flag): .flag(flag)
        case .integer(let number): .signed(number)
        case .text(let text): .string(text)
        }
    }
}

extension CloudCompanion {
    /// One field of its health report now (the reason a companion that is off gives).
    public func healthValue(_ key: String) -> HealthValue? {
        health().first { $0.key == key }?.value
    }
}
