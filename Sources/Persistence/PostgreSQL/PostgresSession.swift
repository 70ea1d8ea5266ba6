import Dispatch
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
    /// The longest one answer may take.
    static let answerTimeout: Duration = .seconds(15)

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
                    live = try PostgresConnection.connect(on: eventLoop, configuration: location.configuration, id: id, logger: logger).waitAnswer()
                } catch {
                    throw StoreUnavailable(reason: "cannot connect to PostgreSQL at \(location): \(Self.describe(error))")
                }
                current = live
            }
            do {
                return try work(live)
            } catch {
                guard live.isClosed || Self.isConnectionFault(error) else { throw error }
                current = nil
                try? live.close().waitAnswer()
                throw StoreUnavailable(reason: "lost the connection to PostgreSQL at \(location): \(Self.describe(error))")
            }
        }
    }

    /// `operation` on `connection`, or `StoreUnavailable` and the connection closed when it takes longer than `limit`.
    ///
    /// postgres-nio 1.33.2 may never answer a query sent on a connection PostgreSQL has just ended (a restart): the
    /// caller stops waiting rather than wait for ever (the operation is abandoned).
    static func within<Result: Sendable>(
        _ limit: Duration, on connection: PostgresConnection, _ operation: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        guard !connection.isClosed else { throw StoreUnavailable(reason: "the connection to PostgreSQL is closed") }
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
            let pending = Mutex<CheckedContinuation<Result, any Error>?>(continuation)
            let work = Task {
                let result: Swift.Result<Result, any Error>
                do {
                    result = .success(try await operation())
                } catch {
                    result = .failure(error)
                }
                pending.withLock { $0.take() }?.resume(with: result)
            }
            connection.eventLoop.scheduleTask(in: .nanoseconds(Int64(limit / .nanoseconds(1)))) {
                guard let waiting = pending.withLock({ $0.take() }) else { return }
                connection.close().whenComplete { _ in }
                work.cancel()
                waiting.resume(throwing: StoreUnavailable(reason: "PostgreSQL did not answer within \(limit)"))
            }
        }
    }

    /// Closes the connection, if open.
    func close() {
        connection.withLock { current in
            try? current?.close().waitAnswer()
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

extension EventLoopFuture where Value: Sendable {
    /// `wait()`, but for at most `limit`: `StoreUnavailable` when PostgreSQL has not answered by then (postgres-nio
    /// 1.33.2 may never complete a query sent on a connection PostgreSQL has just ended). Never on an event loop.
    @discardableResult
    func waitAnswer(upTo limit: Duration = PostgresSession.answerTimeout) throws -> Value {
        let answered = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<Value, any Error>?>(nil)
        whenComplete { result in
            outcome.withLock { $0 = result }
            answered.signal()
        }
        guard answered.wait(timeout: .now() + .nanoseconds(Int(limit / .nanoseconds(1)))) == .success, let result = outcome.withLock({ $0 }) else {
            throw StoreUnavailable(reason: "PostgreSQL did not answer within \(limit)")
        }
        return try result.get()
    }
}
