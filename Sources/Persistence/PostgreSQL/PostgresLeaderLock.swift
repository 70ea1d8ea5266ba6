public import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// Leadership among the servers sharing a database: whoever holds a PostgreSQL advisory lock leads, on a connection
/// of its own held for as long as it leads. PostgreSQL releases the lock when that connection ends (the server died,
/// or lost PostgreSQL), so another server takes over at its next try.
public final class PostgresLeaderLock: Sendable {
    private let location: PostgresLocation
    private let key: Int64
    private let logger: Logger
    private let held = Atomic(false)

    public init(location: PostgresLocation, key: Int64 = PostgresStateStore.leaderLockKey, logger: Logger) {
        self.location = location
        self.key = key
        self.logger = logger
    }

    /// Whether this process leads now.
    public var isHeld: Bool { held.load(ordering: .relaxed) }

    /// Whether `connection` answers a query within `limit`; one that does not is closed.
    static func answers(_ connection: PostgresConnection, within limit: Duration, logger: Logger) async -> Bool {
        (try? await PostgresSession.within(limit, on: connection) { try await connection.query("SELECT 1", logger: logger) }) != nil
    }

    /// Runs `lead` each time this process becomes the leader, until the task is cancelled. The lock is tried every
    /// `retry`; while it is held the connection is checked as often (and its closing seen at once), and when it is lost
    /// `lead` is cancelled (and awaited) before the lock is tried again. `lead` returning (the server stopping) gives the lock up and ends this.
    ///
    /// A lock taken over from another holder (one try at least failed) is led only after `6 × retry`: the time a holder
    /// whose connection PostgreSQL ended needs to notice (a check every `retry`, unanswered after `3 × retry`: `4 ×
    /// retry` at worst) and stop, with `2 × retry` to spare, so two servers do not run the data plane at once. (With no
    /// margin, `4 × retry`, a holder whose check fired a little late still led when the next one began: CI, 2026-12-06.)
    public func lead(retry: Duration = .seconds(2), _ lead: @escaping @Sendable () async -> Void) async {
        var reported = false
        while !Task.isCancelled {
            let connection: PostgresConnection
            do {
                connection = try await PostgresConnection.connect(configuration: location.configuration, id: 4, logger: logger)
                reported = false
            } catch {
                if Task.isCancelled { return }
                if !reported {
                    logger.warning(
                        "cannot reach PostgreSQL to lead; trying again",
                        metadata: ["database": "\(location)", "error": "\(PostgresSession.describe(error))"])
                    reported = true
                }
                try? await Task.sleep(for: retry)
                continue
            }
            let finished = await holding(connection, retry: retry, lead)
            // Awaited: postgres-nio requires a connection closed before it goes.
            try? await connection.close()
            if finished || Task.isCancelled { return }
            try? await Task.sleep(for: retry)
        }
    }

    /// Takes the lock on `connection` and leads while it holds; whether `lead` finished (rather than the lock was lost).
    private func holding(_ connection: PostgresConnection, retry: Duration, _ lead: @escaping @Sendable () async -> Void) async -> Bool {
        var tries = 0
        do {
            while true {
                try Task.checkCancellation()
                tries += 1
                let acquired = try await PostgresSession.within(retry * 3, on: connection) { [key, logger] in
                    var acquired = false
                    for try await value in try await connection.query("SELECT pg_try_advisory_lock(\(key))", logger: logger).decode(Bool.self) {
                        acquired = value
                    }
                    return acquired
                }
                if acquired { break }
                try await Task.sleep(for: retry)
            }
            if tries > 1 { try await Task.sleep(for: retry * 6) }
        } catch {
            return Task.isCancelled
        }
        held.store(true, ordering: .relaxed)
        logger.info("leading: this server runs the data plane", metadata: ["database": "\(location)"])
        let finished = await withTaskGroup(of: Bool.self) { tasks in
            tasks.addTask {
                await lead()
                return true
            }
            tasks.addTask {
                // PostgreSQL closing the connection (a restart, `pg_terminate_backend`) is seen at once, without
                // waiting for the next check.
                let (closed, closing) = AsyncStream<Void>.makeStream()
                connection.closeFuture.whenComplete { _ in closing.finish() }
                for await _ in closed {}  // until the connection closes, or the group is done and cancels this
                return false
            }
            tasks.addTask {
                // The lock lasts as long as the connection: closed, or a check unanswered, it may be someone else's now.
                while (try? await Task.sleep(for: retry)) != nil {
                    guard await Self.answers(connection, within: retry * 3, logger: self.logger) else { return false }
                }
                return false
            }
            let first = await tasks.next() ?? true
            tasks.cancelAll()
            await tasks.waitForAll()
            return first
        }
        held.store(false, ordering: .relaxed)
        if !finished && !Task.isCancelled {
            logger.warning("lost the connection holding the leader's lock: the data plane stops here", metadata: ["database": "\(location)"])
        }
        return finished || Task.isCancelled
    }
}
