public import Foundation
import NIOCore
import PostgresNIO

/// Where a PostgreSQL database is: `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE` (`serve --database-url`).
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String

    public init(host: String, port: Int = 5432, user: String, password: String? = nil, database: String) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
    }

    /// Parses a `postgres://` (or `postgresql://`) URL; nil, with the reason in `problem(with:)`, when it is not one.
    public init?(url: String) {
        guard Self.problem(with: url) == nil, let components = URLComponents(string: url) else { return nil }
        self.init(
            host: components.host!, port: components.port ?? 5432, user: components.percentEncodedUser!.removingPercentEncoding!,
            password: components.percentEncodedPassword?.removingPercentEncoding, database: String(components.path.dropFirst()))
    }

    /// Why `url` is not a database URL LocalVPC can use, or nil when it is.
    public static func problem(with url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else {
            return "not a URL"
        }
        guard scheme == "postgres" || scheme == "postgresql" else { return "the scheme must be postgres:// or postgresql://" }
        guard let host = components.host, !host.isEmpty else { return "it names no host" }
        guard let user = components.percentEncodedUser?.removingPercentEncoding, !user.isEmpty else { return "it names no user" }
        guard components.percentEncodedPassword.map({ $0.removingPercentEncoding != nil }) ?? true else { return "its password is badly encoded" }
        if let port = components.port, !(1...65535).contains(port) { return "its port must be between 1 and 65535" }
        let database = components.path.dropFirst()
        guard !database.isEmpty, !database.contains("/") else { return "it names no database (…/DATABASE)" }
        guard components.query == nil else { return "options after ? are not supported" }
        return nil
    }

    /// The URL again, without the password: for logs and errors.
    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    /// The same server and user, another database (the tests' throwaway ones).
    public func with(database: String) -> PostgresLocation {
        var location = self
        location.database = database
        return location
    }

    /// postgres-nio's settings: no TLS (a database on the same network), and a short connect timeout so a server that
    /// is down is known quickly.
    var configuration: PostgresConnection.Configuration {
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: .disable)
        configuration.options.connectTimeout = .seconds(3)
        return configuration
    }
}
