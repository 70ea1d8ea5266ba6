public import CloudModel
import Dispatch
public import Foundation
import GRDB
import Synchronization

/// The default store: one SQLite database (`localvpc.sqlite` in the state directory), one row per resource.
///
/// Each batch is one SQLite transaction, upserting or deleting the rows of the resources it touched and moving the
/// journal's head version on. SQLite's write-ahead log is the journal and the `resource` table is the snapshot it
/// keeps up to date, so start-up reads each live resource once, however long the history. The store keeps no entries
/// for followers: it serves one server, and a second process appending to the same file only makes the first
/// reload the whole state (`entries(after:)` is nil once the head has moved). With `Durability.process`
/// (the default) a committed change survives the server being killed at any point (`kill -9`): the WAL
/// write reaches the operating system before the commit returns. `Durability.power` also waits for the
/// disk (fsync) on every commit, to survive losing the machine.
public final class SQLiteStateStore: StateStore {
    /// How far an acknowledged change must have gone before the client hears of it.
    public enum Durability: String, Sendable, CaseIterable {
        /// Survives the process dying (`kill -9`, a crash): SQLite `synchronous=NORMAL` in WAL mode.
        case process
        /// Also survives power loss: `synchronous=FULL`, an fsync per commit.
        case power
    }

    /// The database file's name inside the state directory.
    public static let fileName = "localvpc.sqlite"

    private let database: DatabaseQueue
    /// A second connection that copies the WAL back into the database file (a checkpoint, with its fsyncs) on
    /// a thread of its own, so commits never wait for one. SQLite would otherwise checkpoint inside whichever
    /// commit crossed 1,000 WAL pages, holding up every command of that batch for milliseconds.
    private let checkpointer: DatabaseQueue
    private let checkpointQueue = DispatchQueue(label: "localvpc.sqlite-checkpoint")
    /// Commits since the last checkpoint was asked for, and whether one is running.
    private let checkpointState = Mutex((commits: 0, running: false))
    /// How many commits go by between checkpoints.
    public static let commitsPerCheckpoint = 200

    /// Opens (creating if needed) the store in `directory`.
    public init(directory: URL, durability: Durability = .process) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(durability == .power ? "FULL" : "NORMAL")")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
        }
        configuration.journalMode = .wal
        // Another process on the same file (a second server) waits its turn rather than failing. GRDB begins each write
        // IMMEDIATE: a batch holds the write lock before it reads the head it checks, so nobody moves it in between.
        configuration.busyMode = .timeout(5)
        let path = directory.appendingPathComponent(Self.fileName).path
        database = try DatabaseQueue(path: path, configuration: configuration)
        try Self.migrator.migrate(database)
        checkpointer = try DatabaseQueue(path: path, configuration: configuration)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: resources") { db in
            try db.create(table: "resource") { table in
                table.primaryKey("id", .text)
                table.column("account", .text).notNull()
                table.column("region", .text).notNull()
                table.column("kind", .text).notNull()
                table.column("body", .blob).notNull()
            }
        }
        migrator.registerMigration("v2: clock") { db in
            // One row at most: the offset `POST /_localvpc/clock` gave the server's clock.
            try db.create(table: "clock") { table in
                table.primaryKey("id", .integer).check { $0 == 1 }
                table.column("offsetSeconds", .double).notNull()
            }
        }
        migrator.registerMigration("v3: journal head") { db in
            // One row at most: the version of the last batch appended (0 for a state written before versions).
            try db.create(table: "head") { table in
                table.primaryKey("id", .integer).check { $0 == 1 }
                table.column("version", .integer).notNull()
            }
        }
        return migrator
    }

    public func load() throws -> StoredCloud {
        let (bodies, version, offset) = try database.read { db in
            (
                try Data.fetchAll(db, sql: "SELECT body FROM resource"),
                try Int64.fetchOne(db, sql: "SELECT version FROM head WHERE id = 1") ?? 0,
                try Double.fetchOne(db, sql: "SELECT offsetSeconds FROM clock WHERE id = 1") ?? 0
            )
        }
        let decoder = JSONDecoder()
        var state = CloudState()
        state.apply(try bodies.map { .put(try decoder.decode(Resource.self, from: $0)) })
        return StoredCloud(state: state, version: UInt64(version), clockOffset: offset)
    }

    public func rows(of changes: [ResourceChange]) throws -> [RowBody?]? {
        try changes.map { change in
            if case .put(let resource) = change { return RowBody(try Self.json(resource)) }
            return nil
        }
    }

    public func append(_ changes: [ResourceChange], rows: [RowBody?], after version: UInt64) throws -> JournalAppend {
        try append(.changes(changes), rows: rows, after: version)
    }

    public func append(_ entry: JournalEntry, after version: UInt64) throws -> JournalAppend {
        try append(entry, rows: [], after: version)
    }

    /// Appends `entry`, with the rows written ahead for some of its changes (`rows(of:)`, matched by position).
    private func append(_ entry: JournalEntry, rows written: [RowBody?], after version: UInt64) throws -> JournalAppend {
        // The rows' JSON is written before the transaction, so the database is held only for the writes.
        let rows: [(ResourceChange, Data?)]
        if case .changes(let changes) = entry {
            rows = try changes.enumerated().map { index, change in
                guard case .put(let resource) = change else { return (change, nil) }
                if index < written.count, let row = written[index] { return (change, row.data) }
                return (change, try Self.json(resource))
            }
        } else {
            rows = []
        }
        let outcome = try database.write { db -> JournalAppend in
            let head = try Int64.fetchOne(db.cachedStatement(sql: "SELECT version FROM head WHERE id = 1")) ?? 0
            guard head == Int64(version) else { return .behind }
            switch entry {
            case .changes:
                for (change, body) in rows {
                    switch change {
                    case .put(let resource):
                        try db.cachedStatement(sql: "INSERT OR REPLACE INTO resource (id, account, region, kind, body) VALUES (?, ?, ?, ?, ?)")
                            .execute(arguments: [resource.id, resource.scope.account, resource.scope.region, resource.kind, body])
                    case .delete(let id, _):
                        try db.cachedStatement(sql: "DELETE FROM resource WHERE id = ?").execute(arguments: [id])
                    }
                }
            case .clockOffset(let offset):
                try db.execute(sql: "INSERT OR REPLACE INTO clock (id, offsetSeconds) VALUES (1, ?)", arguments: [offset])
            case .reset:
                try db.execute(sql: "DELETE FROM resource")
                try db.execute(sql: "DELETE FROM clock")
            }
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO head (id, version) VALUES (1, ?)").execute(arguments: [head + 1])
            return .appended(version: UInt64(head + 1))
        }
        if case .appended = outcome, !rows.isEmpty { checkpointIfDue() }
        return outcome
    }

    public func entries(after version: UInt64) throws -> [JournalEntry]? {
        let head = try database.read { db in try Int64.fetchOne(db, sql: "SELECT version FROM head WHERE id = 1") ?? 0 }
        return head == Int64(version) ? [] : nil
    }

    /// Starts a checkpoint in the background every `commitsPerCheckpoint` commits, unless one is running.
    private func checkpointIfDue() {
        let start = checkpointState.withLock { state in
            state.commits += 1
            guard state.commits >= Self.commitsPerCheckpoint, !state.running else { return false }
            state = (commits: 0, running: true)
            return true
        }
        guard start else { return }
        checkpointQueue.async { [self] in
            // PASSIVE: copies what it can without blocking the writer; a failure is retried at the next one.
            try? checkpointer.writeWithoutTransaction { try $0.checkpoint(.passive) }
            checkpointState.withLock { $0.running = false }
        }
    }

    /// A resource's row body (or a journal entry): its JSON, written in one pass (Foundation's encoder for what that
    /// cannot write).
    static func json(_ value: some Encodable) throws -> Data {
        do {
            return try StreamingJSONEncoder().encode(value)
        } catch is StreamingJSONEncoder.Unsupported {
            return try JSONEncoder().encode(value)
        }
    }
}
