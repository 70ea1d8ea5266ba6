import CloudModel
import Dispatch
import Foundation
public import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// The store of several servers sharing one cloud (`serve --database-url`): the journal, its head and a snapshot of
/// every resource in one PostgreSQL database.
///
/// Tables (made when missing, under an advisory lock so two servers starting at once do not race):
/// - `localvpc_head`: one row, the version of the last entry appended and the clock's offset;
/// - `localvpc_journal`: every entry (its JSON) by version, the last `keptVersions` of them, for followers;
/// - `localvpc_resource`: each live resource's JSON, as SQLite keeps it, so start-up reads each once.
///
/// An append is one transaction that locks the head row (`FOR UPDATE`): two servers appending at once are serialized by
/// PostgreSQL, and the one whose version is no longer the head writes nothing and is told `.behind`. It ends with
/// `NOTIFY localvpc_journal, '<version>'`, which the other servers' followers hear (`appendedVersions()`).
///
/// The protocol is synchronous and called on the server's store thread, so this store blocks that thread on
/// postgres-nio's futures, run on an event loop of its own (one thread), never the HTTP server's. A query that finds
/// PostgreSQL gone throws `StoreUnavailable`, and the next one connects again.
public final class PostgresStateStore: StateStore {
    public let location: PostgresLocation
    public var isShared: Bool { true }
    /// How many journal entries are kept for followers (10,000 unless a test says otherwise): one further behind loads
    /// the whole state again.
    public let keptVersions: UInt64
    /// How many appends go by between two prunings of the journal (100).
    private let appendsPerPrune: Int
    /// The channel appends notify, with the version appended as the payload.
    public static let channel = "localvpc_journal"
    /// The advisory lock taken around creating the tables ('LVPC' and 1).
    static let migrationLockKey: Int64 = 0x4C56_5043_0001
    /// The advisory lock the data plane's leader holds ('LVPC' and 2).
    public static let leaderLockKey: Int64 = 0x4C56_5043_0002

    private let group: MultiThreadedEventLoopGroup
    private let logger: Logger
    /// Appends, loads and catching up: used on the store thread, one at a time.
    private let writer: PostgresSession
    /// `latestVersion()`, asked by reads, so they never queue behind an append.
    private let reader: PostgresSession
    private let appendsSincePrune = Mutex(0)

    /// Connects and makes the tables if missing; throws `StoreUnavailable` when PostgreSQL cannot be reached.
    public init(
        location: PostgresLocation, keptVersions: UInt64 = 10_000, appendsPerPrune: Int = 100, logger: Logger = Logger(label: "localvpc.postgres")
    ) throws {
        self.location = location
        self.keptVersions = keptVersions
        self.appendsPerPrune = appendsPerPrune
        self.logger = logger
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        writer = PostgresSession(location: location, eventLoop: group.next(), id: 1, logger: logger)
        reader = PostgresSession(location: location, eventLoop: group.next(), id: 2, logger: logger)
        do {
            try writer.run { try Self.migrate($0, logger: logger) }
        } catch {
            writer.close()
            try? group.syncShutdownGracefully()
            throw error
        }
    }

    /// Opens the store, trying again every second for up to `patience` while PostgreSQL cannot be reached (it may be
    /// starting beside the server), saying so in the log; then gives up with the last reason.
    public static func open(location: PostgresLocation, patience: Duration = .seconds(30), logger: Logger) throws -> PostgresStateStore {
        let deadline = ContinuousClock.now + patience
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try PostgresStateStore(location: location, logger: logger)
            } catch let error as StoreUnavailable {
                guard ContinuousClock.now < deadline else {
                    throw StoreUnavailable(reason: "gave up after \(patience.components.seconds) s: \(error.reason)")
                }
                if attempt == 1 || attempt % 5 == 0 {
                    logger.warning(
                        "waiting for PostgreSQL", metadata: ["database": "\(location)", "error": "\(error.reason)", "attempt": "\(attempt)"])
                }
                Thread.sleep(forTimeInterval: 1)
            }
        }
    }

    /// Closes the connections and the event loop (tests; a server keeps its store for its life).
    public func close() {
        writer.close()
        reader.close()
        try? group.syncShutdownGracefully()
    }

    static func migrate(_ connection: PostgresConnection, logger: Logger) throws {
        try connection.query("SELECT pg_advisory_lock(\(migrationLockKey))", logger: logger).waitAnswer()
        defer { _ = try? connection.query("SELECT pg_advisory_unlock(\(migrationLockKey))", logger: logger).waitAnswer() }
        for statement in [
            """
            CREATE TABLE IF NOT EXISTS localvpc_head (
                id integer PRIMARY KEY CHECK (id = 1), version bigint NOT NULL, clock_offset double precision NOT NULL)
            """,
            """
            CREATE TABLE IF NOT EXISTS localvpc_journal (
                version bigint PRIMARY KEY, entry bytea NOT NULL, appended_at timestamptz NOT NULL DEFAULT now())
            """,
            """
            CREATE TABLE IF NOT EXISTS localvpc_resource (
                id text PRIMARY KEY, account text NOT NULL, region text NOT NULL, kind text NOT NULL, body bytea NOT NULL)
            """,
            "INSERT INTO localvpc_head (id, version, clock_offset) VALUES (1, 0, 0) ON CONFLICT (id) DO NOTHING",
        ] {
            try connection.query(PostgresQuery(unsafeSQL: statement), logger: logger).waitAnswer()
        }
    }

    public func load() throws -> StoredCloud {
        let (head, bodies) = try writer.run { connection in
            try transaction(on: connection, begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") {
                let head = connection.query("SELECT version, clock_offset FROM localvpc_head WHERE id = 1", logger: logger)
                let bodies = connection.query("SELECT body FROM localvpc_resource", logger: logger)
                let commit = connection.query("COMMIT", logger: logger)
                let result = (try Self.head(head.waitAnswer()), try bodies.waitAnswer().map { try $0.decode(ByteBuffer.self) })
                try commit.waitAnswer()
                return result
            }
        }
        let decoder = JSONDecoder()
        var state = CloudState()
        state.apply(try bodies.map { .put(try decoder.decode(Resource.self, from: Data($0.readableBytesView))) })
        return StoredCloud(state: state, version: head.version, clockOffset: head.clockOffset)
    }

    public func append(_ entry: JournalEntry, after version: UInt64) throws -> JournalAppend {
        // The JSON is written before the transaction, so the head row is locked only for the writes.
        let journalRow = ByteBuffer(bytes: try SQLiteStateStore.json(entry))
        var puts: [String: Resource] = [:]
        var deletes: Set<String> = []
        if case .changes(let changes) = entry {
            // What the batch leaves: a resource made then deleted in it is deleted, and the other way round.
            for change in changes {
                switch change {
                case .put(let resource):
                    puts[resource.id] = resource
                    deletes.remove(resource.id)
                case .delete(let id, _):
                    puts[id] = nil
                    deletes.insert(id)
                }
            }
        }
        let rows = try puts.values.map { ($0, ByteBuffer(bytes: try SQLiteStateStore.json($0))) }
        let next = Int64(version) + 1
        let prune = appendsSincePrune.withLock { count in
            count += 1
            guard count >= appendsPerPrune else { return false }
            count = 0
            return true
        }
        return try writer.run { connection in
            try transaction(on: connection) { () throws -> JournalAppend in
                let head = try Self.head(
                    connection.query("SELECT version, clock_offset FROM localvpc_head WHERE id = 1 FOR UPDATE", logger: logger).waitAnswer())
                guard head.version == version else {
                    try connection.query("ROLLBACK", logger: logger).waitAnswer()
                    return .behind
                }
                // Sent together, read together: one round trip for the whole batch.
                var writes: [EventLoopFuture<PostgresQueryResult>] = []
                switch entry {
                case .changes:
                    if !rows.isEmpty {
                        let ids = rows.map(\.0.id)
                        let accounts = rows.map(\.0.scope.account)
                        let regions = rows.map(\.0.scope.region)
                        let kinds = rows.map(\.0.kind)
                        let bodies = rows.map(\.1)
                        writes.append(
                            connection.query(
                                """
                                INSERT INTO localvpc_resource (id, account, region, kind, body)
                                SELECT * FROM unnest(\(ids)::text[], \(accounts)::text[], \(regions)::text[], \(kinds)::text[], \(bodies)::bytea[])
                                ON CONFLICT (id) DO UPDATE SET account = EXCLUDED.account, region = EXCLUDED.region, kind = EXCLUDED.kind,
                                    body = EXCLUDED.body
                                """, logger: logger))
                    }
                    if !deletes.isEmpty {
                        writes.append(connection.query("DELETE FROM localvpc_resource WHERE id = ANY(\(Array(deletes))::text[])", logger: logger))
                    }
                case .clockOffset(let offset):
                    writes.append(connection.query("UPDATE localvpc_head SET clock_offset = \(offset) WHERE id = 1", logger: logger))
                case .reset:
                    writes.append(connection.query("DELETE FROM localvpc_resource", logger: logger))
                    writes.append(connection.query("UPDATE localvpc_head SET clock_offset = 0 WHERE id = 1", logger: logger))
                }
                writes.append(connection.query("INSERT INTO localvpc_journal (version, entry) VALUES (\(next), \(journalRow))", logger: logger))
                writes.append(connection.query("UPDATE localvpc_head SET version = \(next) WHERE id = 1", logger: logger))
                if prune {
                    let oldest = next - Int64(keptVersions)
                    writes.append(connection.query("DELETE FROM localvpc_journal WHERE version <= \(oldest)", logger: logger))
                }
                writes.append(connection.query("SELECT pg_notify(\(Self.channel), \(String(next)))", logger: logger))
                writes.append(connection.query("COMMIT", logger: logger))
                // A failed statement fails the transaction (the COMMIT then rolls back): the first failure is thrown.
                for write in writes { _ = try write.waitAnswer() }
                return .appended(version: UInt64(next))
            }
        }
    }

    public func entries(after version: UInt64) throws -> [JournalEntry]? {
        // One statement, so the head and the rows are read from one snapshot.
        let rows = try writer.run { connection in
            try connection.query(
                """
                SELECT h.version, j.version, j.entry FROM localvpc_head h
                LEFT JOIN localvpc_journal j ON j.version > \(Int64(version)) WHERE h.id = 1 ORDER BY j.version
                """, logger: logger
            ).waitAnswer().map { try $0.decode((Int64, Int64?, ByteBuffer?).self) }
        }
        guard let head = rows.first.map({ UInt64($0.0) }), head >= version else { return nil }
        if head == version { return [] }
        // Every version from the next one on, or the oldest were pruned (or reset away) and the follower reloads.
        let entries = rows.compactMap { row in row.1.flatMap { v in row.2.map { (UInt64(v), $0) } } }
        guard entries.count == head - version, entries.first?.0 == version + 1 else { return nil }
        let decoder = JSONDecoder()
        return try entries.map { try decoder.decode(JournalEntry.self, from: Data($0.1.readableBytesView)) }
    }

    public func latestVersion() throws -> UInt64 {
        try reader.run { connection in
            try Self.head(connection.query("SELECT version, clock_offset FROM localvpc_head WHERE id = 1", logger: logger).waitAnswer()).version
        }
    }

    /// The versions other servers append, as they are notified, and the head's version every second besides (should a
    /// notification be missed while the listening connection was being made again), on a connection of its own. A
    /// follower that is behind the version it is told catches up. The newest is kept for a slow follower. Ends when
    /// the follower stops iterating.
    public func appendedVersions() -> AsyncStream<UInt64>? {
        let (stream, continuation) = AsyncStream<UInt64>.makeStream(bufferingPolicy: .bufferingNewest(1))
        // On postgres-nio's own event loops, not this store's: the stream may outlive `close()`.
        let task = Task { [location, logger] in
            var reported = false
            while !Task.isCancelled {
                do {
                    let connection = try await PostgresConnection.connect(configuration: location.configuration, id: 3, logger: logger)
                    if reported { logger.info("following the journal again", metadata: ["database": "\(location)"]) }
                    reported = false
                    // Listening in a task of its own, never awaited: a sequence on a connection PostgreSQL ended may
                    // never end. The poll notices (it gives up after 5 s) and the connection is made again.
                    let listening = Task {
                        try await connection.listen(on: Self.channel) { notifications in
                            for try await notification in notifications {
                                if let version = UInt64(notification.payload) { continuation.yield(version) }
                            }
                        }
                    }
                    defer { listening.cancel() }
                    do {
                        while true {
                            let head = try await PostgresSession.within(.seconds(5), on: connection) {
                                var head: Int64 = 0
                                for try await version in try await connection.query("SELECT version FROM localvpc_head WHERE id = 1", logger: logger)
                                    .decode(Int64.self)
                                {
                                    head = version
                                }
                                return head
                            }
                            continuation.yield(UInt64(head))
                            try await Task.sleep(for: .seconds(1))
                        }
                    } catch {
                        try? await PostgresSession.within(.seconds(5), on: connection) { try await connection.close() }
                        throw error
                    }
                } catch {
                    if Task.isCancelled { break }
                    if !reported {
                        logger.warning(
                            "cannot follow the journal; trying again every second",
                            metadata: ["database": "\(location)", "error": "\(PostgresSession.describe(error))"])
                        reported = true
                    }
                    try? await Task.sleep(for: .seconds(1))
                }
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// Runs `body` inside `begin`…(the body commits), rolling back when it throws on a connection still open.
    private func transaction<Result>(on connection: PostgresConnection, begin: String = "BEGIN", _ body: () throws -> Result) throws -> Result {
        try connection.query(PostgresQuery(unsafeSQL: begin), logger: logger).waitAnswer()
        do {
            return try body()
        } catch {
            if !connection.isClosed { _ = try? connection.query("ROLLBACK", logger: logger).waitAnswer() }
            throw error
        }
    }

    /// The head row's version and clock offset.
    private static func head(_ result: PostgresQueryResult) throws -> (version: UInt64, clockOffset: Double) {
        guard let row = result.first else { throw StoreUnavailable(reason: "the database has no localvpc_head row") }
        let (version, offset) = try row.decode((Int64, Double).self)
        return (UInt64(version), offset)
    }
}
