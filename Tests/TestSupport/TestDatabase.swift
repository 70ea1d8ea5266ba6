import Foundation
import Logging
public import Persistence
import PostgresNIO

/// The PostgreSQL server the tests may use: `LOCALVPC_TEST_DATABASE_URL` (CI sets it; `scripts/postgres.sh` makes
/// one locally). Each test gets a database of its own, made and dropped around it, so parallel runs never collide.
public enum TestDatabase {
    /// The server and role to make test databases with; nil when the variable is unset (those tests are skipped).
    public static let server: PostgresLocation? = ProcessInfo.processInfo.environment["LOCALVPC_TEST_DATABASE_URL"].flatMap {
        PostgresLocation(url: $0)
    }

    /// Why the PostgreSQL tests did not run, shown as the reason they were skipped.
    public static let skipped =
        "LOCALVPC_TEST_DATABASE_URL is not set: the PostgreSQL tests are skipped (export LOCALVPC_TEST_DATABASE_URL=$(scripts/postgres.sh))"

    /// Runs `body` with a new empty database (`localvpc_test_<random>`), dropped afterwards whatever happened.
    public static func with<Result>(_ body: (PostgresLocation) async throws -> Result) async throws -> Result {
        guard let server else { throw CocoaError(.featureUnsupported) }
        let name = "localvpc_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try await administer(server, "CREATE DATABASE \(name)")
        do {
            let result = try await body(server.with(database: name))
            try await administer(server, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            return result
        } catch {
            try? await administer(server, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            throw error
        }
    }

    /// Runs one statement on `location`'s database.
    public static func administer(_ location: PostgresLocation, _ sql: String) async throws {
        let logger = Logger(label: "localvpc.test-database") { _ in SwiftLogNoOpLogHandler() }
        let configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password, database: location.database,
            tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 99, logger: logger)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }
}
