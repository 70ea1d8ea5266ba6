public import CloudModel
public import Foundation
public import Persistence

/// How `localvpc serve` runs.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 4566
    /// The folder holding the SQLite database; nil keeps state in memory only.
    public var stateDirectory: URL? = URL(fileURLWithPath: ".localvpc")
    public var durability = SQLiteStateStore.Durability.process
    /// The PostgreSQL database several servers share (`serve --database-url`); when set, it keeps the state instead of
    /// `stateDirectory`, and the servers on it elect one to run the data plane.
    public var database: PostgresLocation?
    /// How long start-up waits for PostgreSQL before it gives up.
    public var databasePatience: Duration = .seconds(30)
    /// The account of requests whose access key is not an account id.
    public var defaultAccount = AccountRegion.defaultAccount
    /// The region of requests that carry no credential scope.
    public var defaultRegion = "us-east-1"
    public var cloud = CloudConfiguration()
    /// The keys whose SigV4 signatures the Query API requires (`serve --verify-signatures`); nil accepts any
    /// request unverified, as LocalVPC always has.
    public var signingCredentials: SigningCredentials?
    /// Connection timeouts and the cap on open connections.
    public var connections = ConnectionPolicy()
    /// The level every logger of the process follows, which `POST /_localvpc/log-level` changes; nil when the log
    /// handler was bootstrapped without one (the route then says the level cannot be changed).
    public var logLevel: LogLevelSwitch?

    public init() {}
}
