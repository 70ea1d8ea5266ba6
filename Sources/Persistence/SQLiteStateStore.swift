public import CloudModel
import Dispatch
public import Foundation
import GRDB
import Synchronization

/// The default store: one SQLite database (`localvpc.sqlite` in the state directory), one row per resource.
///
/// Each command's changes are one SQLite transaction, upserting or deleting the rows of the resources it
/// touched. SQLite's write-ahead log is the journal and the `resource` table is the snapshot it keeps up to
/// date, so start-up reads each live resource once, however long the history. With `Durability.process`
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
        return migrator
    }

    public func load() throws -> CloudState {
        let bodies = try database.read { db in try Data.fetchAll(db, sql: "SELECT body FROM resource") }
        let decoder = JSONDecoder()
        var state = CloudState()
        state.apply(try bodies.map { .put(try decoder.decode(Resource.self, from: $0)) })
        return state
    }

    public func commit(_ changes: [ResourceChange]) throws {
        guard !changes.isEmpty else { return }
        let rows: [(ResourceChange, Data?)] = try changes.map { change in
            if case .put(let resource) = change { return (change, try Self.body(of: resource)) }
            return (change, nil)
        }
        try database.write { db in
            for (change, body) in rows {
                switch change {
                case .put(let resource):
                    try db.cachedStatement(sql: "INSERT OR REPLACE INTO resource (id, account, region, kind, body) VALUES (?, ?, ?, ?, ?)")
                        .execute(arguments: [resource.id, resource.scope.account, resource.scope.region, resource.kind, body])
                case .delete(let id, _):
                    try db.cachedStatement(sql: "DELETE FROM resource WHERE id = ?").execute(arguments: [id])
                }
            }
        }
        checkpointIfDue()
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

    /// A resource's row body: its JSON, written in one pass (Foundation's encoder for what that cannot write).
    static func body(of resource: Resource) throws -> Data {
        do {
            return try StreamingJSONEncoder().encode(resource)
        } catch is StreamingJSONEncoder.Unsupported {
            return try JSONEncoder().encode(resource)
        }
    }

    public func reset() throws {
        try database.write { db in
            try db.execute(sql: "DELETE FROM resource")
            try db.execute(sql: "DELETE FROM clock")
        }
    }

    public func loadClockOffset() throws -> Double {
        try database.read { db in try Double.fetchOne(db, sql: "SELECT offsetSeconds FROM clock WHERE id = 1") } ?? 0
    }

    public func saveClockOffset(_ offset: Double) throws {
        try database.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO clock (id, offsetSeconds) VALUES (1, ?)", arguments: [offset])
        }
    }
}
