import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// One connection to PostgreSQL for blocking callers: opened when first needed, opened again after it was lost, used by
/// one caller at a time (the others wait their turn).
///
/// A failure that leaves no working connection (refused, closed, PostgreSQL shutting down) is `StoreUnavailable`; the
/// next call connects again, so the store resumes by itself once PostgreSQL is back.
final class PostgresSession: Sendable {
    private let location: PostgresLocation
    private let eventLoop: any EventLoop
    private let logger: Logger
    private let id: Int
    private let connection = Mutex<PostgresConnection?>(nil)
    /// The longest one call may take.
    static let callTimeout = TimeAmount.seconds(15)

    init(location: PostgresLocation, eventLoop: any EventLoop, id: Int, logger: Logger) {
        self.location = location
        self.eventLoop = eventLoop
        self.id = id
        self.logger = logger
    }

    /// Runs `work` on the connection, connecting first when there is none. Never call it on the event loop.
    func run<Result: Sendable>(_ work: (PostgresConnection) throws -> Result) throws -> Result {
        try connection.withLock { current in
            let live: PostgresConnection
            if let existing = current, !existing.isClosed {
                live = existing
            } else {
                current = nil
                do {
                    live = try PostgresConnection.connect(on: eventLoop, configuration: location.configuration, id: id, logger: logger).wait()
                } catch {
                    throw StoreUnavailable(reason: "cannot connect to PostgreSQL at \(location): \(Self.describe(error))")
                }
                current = live
            }
            // A call PostgreSQL never answers (a connection it dropped without a word) closes the connection, which
            // fails the call, rather than holding the store's thread for ever.
            let watchdog = live.eventLoop.scheduleTask(in: Self.callTimeout) { live.close().whenComplete { _ in } }
            defer { watchdog.cancel() }
            do {
                return try work(live)
            } catch {
                guard live.isClosed || Self.isConnectionFault(error) else { throw error }
                current = nil
                try? live.close().wait()
                throw StoreUnavailable(reason: "lost the connection to PostgreSQL at \(location): \(Self.describe(error))")
            }
        }
    }

    /// Closes the connection, if open.
    func close() {
        connection.withLock { current in
            try? current?.close().wait()
            current = nil
        }
    }

    /// Whether `error` means the connection (or the server behind it) is gone, rather than a query was wrong.
    static func isConnectionFault(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError else { return true }  // NIO's channel and socket errors
        switch error.code {
        case .server:
            // Classes 08 (connection exception), 57 (operator intervention: shutting down, cannot connect now) and 53
            // (insufficient resources: too many connections).
            let state = error.serverInfo?[.sqlState] ?? ""
            return ["08", "57", "53"].contains(String(state.prefix(2)))
        case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown, .messageDecodingFailure,
            .unexpectedBackendMessage:
            return true
        default:
            return false
        }
    }

    /// An error in one line: PostgreSQL's own message when it sent one.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] { return "\(message) (\(error.serverInfo?[.sqlState] ?? "?"))" }
        if let underlying = error.underlying { return "\(error.code): \(underlying)" }
        return "\(error.code)"
    }
}
