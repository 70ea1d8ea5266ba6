public import CloudModel
import Dispatch
public import Foundation
import GRDB
import Synchronization

/// The default store: one SQLite database (`localvpc.sqlite` in the state directory), one row per resource.
///
/// Each batch is one SQLite transaction, upserting or deleting the rows of the resources it touched and moving the
/// journal's head version on. SQLite's write-ahead log is the journal and the `resource` table is the snapshot it
/// keeps up to date, so start-up reads each live resource once, however long the history.
///
/// A large batch (a launch of 1,000 instances is 3,000 rows) would hold the database for about 20 ms, and every other
/// batch would wait. So it can be *staged* (`stage(_:rows:in:)`): its changes are written to the `staged_change` table
/// in slices, each its own transaction, with other batches written in between, where nobody reads them until the batch
/// is appended (`append(staged:after:)`), one small transaction that publishes them. Published changes are folded into
/// `resource` afterwards, again a slice at a time (`foldSlice()`, which the server's store writer calls between
/// appends). While any are published and not yet folded, every batch is staged and published behind them, so start-up
/// (`load()`) reads the resource table and then applies what is published and still staged, in order: the same state,
/// whether the process stopped before, during or after a fold. Changes staged and never published (the process
/// stopped first) are dropped when the store is opened, so a second process must not open a store another one is
/// staging in (its batch would then be refused when appended, `StagedBatchIncomplete`).
///
/// A batch is staged while others are appended; it must not touch what they touch (the caller staged it for a command
/// that reads only its own region, and appends it only if nothing was written there since: `CloudService`), so the
/// order in which the two reach the resource table does not matter.
///
/// The store keeps no entries for followers: it serves one server, and a second process appending to the same file
/// only makes the first reload the whole state (`entries(after:)` is nil once the head has moved). With `Durability.process`
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
    /// How many changes one transaction stages, or folds into the resource table: a fraction of a millisecond, which is
    /// what another write may wait for (at 128, another account's p99 under a background of launches was a quarter
    /// higher: README, "Fairness under load").
    public static let sliceSize = 32
    /// The published changes not yet folded, and the positions of what is staged and not yet published.
    private let backlog = Mutex(Backlog())

    /// Opens (creating if needed) the store in `directory`, and drops what a previous process staged and never
    /// published (what it published is folded by whoever calls `foldSlice()`).
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
        // Waiting on the checkpointer's connection, which holds a lock for moments, tries again every 100 µs, up to 5 s:
        // SQLite's own timeout sleeps 1, 2, 5, 10… ms between tries, and a commit that met a checkpoint took 10–30 ms
        // more under load.
        configuration.busyMode = .callback { tries in
            usleep(100)
            return tries < 50_000
        }
        let path = directory.appendingPathComponent(Self.fileName).path
        database = try DatabaseQueue(path: path, configuration: configuration)
        try Self.migrator.migrate(database)
        checkpointer = try DatabaseQueue(path: path, configuration: configuration)
        let published = try database.write { db in
            try db.execute(sql: "DELETE FROM staged_change WHERE batch NOT IN (SELECT batch FROM published_batch)")
            return try Row.fetchAll(db, sql: "SELECT id, position FROM staged_change").map { StagedPosition(id: $0["id"], position: $0["position"]) }
        }
        backlog.withLock { $0.publish(published) }
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
        migrator.registerMigration("v4: staged changes") { db in
            // Changes staged and not yet folded into `resource`, in the order they were staged; `body` is the
            // resource's row, or NULL for a deletion. Read only once their batch is published.
            try db.create(table: "staged_change") { table in
                table.primaryKey("position", .integer)
                table.column("batch", .integer).notNull().indexed()
                table.column("id", .text).notNull()
                table.column("account", .text).notNull()
                table.column("region", .text).notNull()
                table.column("kind", .text)
                table.column("body", .blob)
            }
            try db.create(table: "published_batch") { table in
                table.primaryKey("batch", .integer)
            }
        }
        return migrator
    }

    public func load() throws -> StoredCloud {
        // One read transaction: the resource table and what is still staged on top of it, as of one moment.
        let (bodies, staged, version, offset) = try database.read { db in
            (
                try Data.fetchAll(db, sql: "SELECT body FROM resource"),
                try Row.fetchAll(db, sql: Self.publishedChanges),
                try Int64.fetchOne(db, sql: "SELECT version FROM head WHERE id = 1") ?? 0,
                try Double.fetchOne(db, sql: "SELECT offsetSeconds FROM clock WHERE id = 1") ?? 0
            )
        }
        let decoder = JSONDecoder()
        var state = CloudState()
        state.apply(try bodies.map { .put(try decoder.decode(Resource.self, from: $0)) })
        state.apply(
            try staged.map { row -> ResourceChange in
                if let body: Data = row["body"] { return .put(try decoder.decode(Resource.self, from: body)) }
                return .delete(id: row["id"], scope: AccountRegion(account: row["account"], region: row["region"]))
            })
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
        var published: [StagedPosition] = []
        let outcome = try database.write { db -> JournalAppend in
            published = []
            let head = try Int64.fetchOne(db.cachedStatement(sql: "SELECT version FROM head WHERE id = 1")) ?? 0
            guard head == Int64(version) else { return .behind }
            switch entry {
            case .changes:
                // Behind published changes not yet folded, a batch is staged and published too, to be folded after them.
                if try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM published_batch)")) == true {
                    let batch = StagedBatch(count: rows.count)
                    published = try Self.stage(rows[...], in: batch, db)
                    try db.cachedStatement(sql: "INSERT INTO published_batch (batch) VALUES (?)").execute(arguments: [batch.id])
                    break
                }
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
                try db.execute(sql: "DELETE FROM staged_change")
                try db.execute(sql: "DELETE FROM published_batch")
                try db.execute(sql: "DELETE FROM resource")
                try db.execute(sql: "DELETE FROM clock")
            }
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO head (id, version) VALUES (1, ?)").execute(arguments: [head + 1])
            return .appended(version: UInt64(head + 1))
        }
        if case .appended = outcome {
            backlog.withLock { backlog in
                if case .reset = entry { backlog = Backlog() }
                backlog.publish(published)
            }
            if !rows.isEmpty { checkpointIfDue() }
        }
        return outcome
    }

    /// Whether the staged change at a position is published and of a resource (by id).
    private static let isPublishedChange = """
        SELECT EXISTS (SELECT 1 FROM staged_change c JOIN published_batch p ON p.batch = c.batch WHERE c.position = ? AND c.id = ?)
        """

    /// The published staged changes, in order.
    private static let publishedChanges = """
        SELECT c.position, c.batch, c.id, c.account, c.region, c.kind, c.body FROM staged_change c
        JOIN published_batch p ON p.batch = c.batch ORDER BY c.position
        """

    public var stagesBatches: Bool { true }

    public func stage(_ changes: ArraySlice<ResourceChange>, rows: ArraySlice<RowBody?>, in batch: StagedBatch) throws {
        let rows = try zip(changes, rows).map { change, row -> (ResourceChange, Data?) in
            guard case .put(let resource) = change else { return (change, nil) }
            return (change, try row?.data ?? Self.json(resource))
        }
        let staged = try database.write { db in try Self.stage(rows[...], in: batch, db) }
        backlog.withLock { $0.staged[batch.id, default: []] += staged }
    }

    /// Writes `rows` to the staged changes of `batch`, in order; returns where.
    private static func stage(_ rows: ArraySlice<(ResourceChange, Data?)>, in batch: StagedBatch, _ db: Database) throws -> [StagedPosition] {
        try rows.map { change, body in
            let scope = change.scope
            let kind: String? = if case .put(let resource) = change { resource.kind } else { nil }
            try db.cachedStatement(sql: "INSERT INTO staged_change (batch, id, account, region, kind, body) VALUES (?, ?, ?, ?, ?, ?)")
                .execute(arguments: [batch.id, change.id, scope.account, scope.region, kind, body])
            return StagedPosition(id: change.id, position: db.lastInsertedRowID)
        }
    }

    public func append(staged batch: StagedBatch, after version: UInt64) throws -> JournalAppend {
        let outcome = try database.write { db -> JournalAppend in
            let head = try Int64.fetchOne(db.cachedStatement(sql: "SELECT version FROM head WHERE id = 1")) ?? 0
            guard head == Int64(version) else { return .behind }
            let staged = try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM staged_change WHERE batch = ?"), arguments: [batch.id])
            // Dropped meanwhile (a second process opened the store): appending part of it would be worse than failing.
            guard staged == batch.count else { throw StagedBatchIncomplete(staged: staged ?? 0, expected: batch.count) }
            try db.cachedStatement(sql: "INSERT INTO published_batch (batch) VALUES (?)").execute(arguments: [batch.id])
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO head (id, version) VALUES (1, ?)").execute(arguments: [head + 1])
            return .appended(version: UInt64(head + 1))
        }
        if case .appended = outcome {
            checkpointIfDue()
            backlog.withLock { backlog in
                backlog.publish(backlog.staged.removeValue(forKey: batch.id) ?? [])
            }
        }
        return outcome
    }

    public func discard(_ batch: StagedBatch) throws {
        try database.write { db in
            try db.execute(
                sql: "DELETE FROM staged_change WHERE batch = ? AND batch NOT IN (SELECT batch FROM published_batch)", arguments: [batch.id])
        }
        backlog.withLock { _ = $0.staged.removeValue(forKey: batch.id) }
    }

    public var hasUnfoldedChanges: Bool { backlog.withLock { $0.count > 0 } }

    public var unfoldedCount: Int { backlog.withLock { $0.count } }

    /// Folds published changes into the resource table where the caller is, a slice at a time: at most `slices` of them,
    /// every one by default.
    public func foldStaged(slices: Int = .max) throws {
        var folded = 0
        while folded < slices, try foldSlice() { folded += 1 }
    }

    /// Moves the oldest published changes (at most `sliceSize`) into the resource table, in their order, in one
    /// transaction; false when none were left. (Changes staged and not yet published are disjoint from them, see the
    /// type's documentation, so folding past them changes nothing they would.)
    ///
    /// A change that a later published change of the same resource overwrites or deletes is dropped without being
    /// written: the later one is folded after it, and until then start-up applies it over the resource table, so the
    /// state is the same either way. A launch terminated before its fold writes the instances once, and its interfaces
    /// and volumes not at all.
    public func foldSlice() throws -> Bool {
        let folded = try database.write { db -> [StagedPosition] in
            let rows = try Row.fetchAll(db.cachedStatement(sql: Self.publishedChanges + " LIMIT ?"), arguments: [Self.sliceSize])
            // Nothing left: a published batch that held no changes goes too.
            if rows.isEmpty { try db.execute(sql: "DELETE FROM published_batch WHERE batch NOT IN (SELECT batch FROM staged_change)") }
            let changes = rows.map { StagedPosition(id: $0["id"], position: $0["position"]) }
            let later = backlog.withLock { backlog in changes.map { backlog.latest[$0.id] } }
            // The database confirms what this process remembers: the later change is there, published, of this resource.
            let overwritten = try zip(changes, later).map { change, later in
                guard let later, later > change.position else { return false }
                return try Bool.fetchOne(db.cachedStatement(sql: Self.isPublishedChange), arguments: [later, change.id]) ?? false
            }
            for (row, isOverwritten) in zip(rows, overwritten) where !isOverwritten {
                if let body: Data = row["body"] {
                    try db.cachedStatement(sql: "INSERT OR REPLACE INTO resource (id, account, region, kind, body) VALUES (?, ?, ?, ?, ?)")
                        .execute(arguments: [row["id"], row["account"], row["region"], row["kind"], body])
                } else {
                    try db.cachedStatement(sql: "DELETE FROM resource WHERE id = ?").execute(arguments: [row["id"]])
                }
            }
            for row in rows { try db.cachedStatement(sql: "DELETE FROM staged_change WHERE position = ?").execute(arguments: [row["position"]]) }
            // The batches of the slice that are folded whole: one lookup each, not a pass over every published batch.
            for batch in Set(rows.map { $0["batch"] as Int64 }) {
                try db.cachedStatement(
                    sql: "DELETE FROM published_batch WHERE batch = ? AND NOT EXISTS (SELECT 1 FROM staged_change WHERE batch = ?)"
                )
                .execute(arguments: [batch, batch])
            }
            return changes
        }
        backlog.withLock { backlog in
            // None left (another process may have folded what this one counted): nothing is.
            if folded.isEmpty {
                backlog.count = 0
                backlog.latest = [:]
            } else {
                backlog.fold(folded)
            }
        }
        return !folded.isEmpty
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

/// Appending a staged batch found fewer of its changes staged than were given.
struct StagedBatchIncomplete: Error {
    let staged: Int
    let expected: Int
}
