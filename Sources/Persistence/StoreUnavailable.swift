/// The store cannot be reached now (PostgreSQL is down, restarting or unreachable): nothing was written, or the
/// outcome of the last write is unknown and the journal will tell once the store is back.
///
/// The server answers the requests that needed the store `ServiceUnavailable` (HTTP 503), which AWS's SDKs retry; it
/// is never a reason to stop.
public struct StoreUnavailable: Error, Sendable, CustomStringConvertible {
    /// What failed, for the log and the error's message.
    public var reason: String

    public init(reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
