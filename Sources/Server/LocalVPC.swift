import CloudModel
import Dispatch
import Foundation
public import Hummingbird
public import Logging
import Persistence
import ServiceLifecycle

/// LocalVPC's server: the EC2 Query API on `POST /`, STS GetCallerIdentity, and the admin routes.
public enum LocalVPC {
    /// The version `GET /_localvpc/health` reports.
    public static let version = "0.1.0"

    /// Runs the server until SIGTERM or SIGINT, then finishes the requests in flight and returns.
    public static func serve(
        configuration: ServerConfiguration, logger: Logger, companions: (CloudService) -> [CloudCompanion] = { _ in [] }
    ) async throws {
        // The stores block while they open and load (PostgreSQL's futures may not be waited on an event loop, which is
        // where `serve` runs): on a thread of their own.
        let opened = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<OpenedCloud, any Error>) in
            DispatchQueue.global().async { continuation.resume(with: Result { try OpenedCloud(configuration: configuration, logger: logger) }) }
        }
        try await application(configuration: configuration, logger: logger, opened: opened, companions: companions).runService()
        // Its connections closed before it goes (off the event loops too).
        if let store = opened.store as? PostgresStateStore {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async {
                    store.close(); continuation.resume()
                }
            }
        }
    }

    /// Builds the application `localvpc serve` runs: opens the state, then wires the routes.
    public static func application(
        configuration: ServerConfiguration, logger: Logger, companions makeCompanions: (CloudService) -> [CloudCompanion] = { _ in [] }
    ) throws -> some ApplicationProtocol {
        try application(
            configuration: configuration, logger: logger, opened: try OpenedCloud(configuration: configuration, logger: logger),
            companions: makeCompanions)
    }

    /// The state opened and loaded, with where it is kept.
    struct OpenedCloud: Sendable {
        let store: any StateStore
        /// `postgresql`, `sqlite` or `memory`, for the health document.
        let storeName: String
        let cloud: CloudService
        let metrics: ServerMetrics
        let started: ContinuousClock.Instant

        init(configuration: ServerConfiguration, logger: Logger) throws {
            if let database = configuration.database {
                logger.info("state in PostgreSQL, shared with every server on it", metadata: ["database": "\(database)"])
                store = try PostgresStateStore.open(location: database, patience: configuration.databasePatience, logger: logger)
                storeName = "postgresql"
            } else if let directory = configuration.stateDirectory {
                store = try SQLiteStateStore(directory: directory, durability: configuration.durability)
                storeName = "sqlite"
            } else {
                store = EphemeralStateStore()
                storeName = "memory"
            }
            started = ContinuousClock.now
            let metrics = ServerMetrics()
            self.metrics = metrics
            cloud = try CloudService(store: store, configuration: configuration.cloud) { metrics.recordCommit($0) }
            logger.info(
                "state loaded",
                metadata: [
                    "resources": "\(cloud.snapshot().resourceCount)", "ms": "\((ContinuousClock.now - started).milliseconds)",
                    "store": "\(storeName)",
                    "state-dir": "\(configuration.database?.description ?? configuration.stateDirectory?.path ?? "(memory)")",
                    // A clock moved before the last stop runs on from there (`POST /_localvpc/clock`).
                    "clock-offset-seconds": "\(cloud.clock.offset)",
                ])
        }
    }

    static func application(
        configuration: ServerConfiguration, logger: Logger, opened: OpenedCloud, companions makeCompanions: (CloudService) -> [CloudCompanion]
    ) throws -> some ApplicationProtocol {
        let (store, storeName, cloud, metrics, started) = (opened.store, opened.storeName, opened.cloud, opened.metrics, opened.started)
        let companions = makeCompanions(cloud)
        // On a shared database one server runs the companions' services (the data plane): the one holding the lock.
        let leaderLock = configuration.database.map { PostgresLeaderLock(location: $0, logger: logger) }
        var services: [any Service] = companions.compactMap(\.service)
        if let leaderLock { services = services.map { DataPlaneLeadership(lock: leaderLock, service: $0) } }
        if let versions = store.appendedVersions() { services.append(JournalFollower(cloud: cloud, versions: versions, logger: logger)) }
        let router = Router()
        // First, so that it times and counts every route's requests, errors included.
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        OperationsRoutes(cloud: cloud, metrics: metrics, logLevel: configuration.logLevel).register(on: router)
        AdminRoutes(
            cloud: cloud, startedAt: started, companions: companions, verifiesSignatures: configuration.signingCredentials != nil,
            store: storeName, isDataPlaneLeader: { leaderLock?.isHeld ?? true }
        ).register(on: router)
        let dataPlane = companions.first { $0.name == "dataPlane" }
        let dataPlaneOffReason = if case .text(let reason) = dataPlane?.healthValue("reason") { reason } else { "off" }
        FlowLogRoutes(
            cloud: cloud, source: companions.lazy.compactMap(\.flowLogRecords).first,
            unavailableReason: dataPlaneOffReason
        ).register(on: router)
        let sessionTokens = SessionTokens()
        let endpoint = QueryEndpoint(
            ec2: EC2Handlers(cloud: cloud), configuration: configuration,
            signatures: configuration.signingCredentials.map { SignatureVerification(credentials: $0, sessionTokens: sessionTokens) },
            sts: SecurityTokenService(sessionTokens: sessionTokens))
        router.post("/") { request, context in await endpoint.respond(to: request, context: context) }
        let stopping = ServerStopping()
        let console = ConsoleRoutes(cloud: cloud, assets: ConsoleAssets(), configuration: configuration, stopping: stopping)
        if console.assets.isEmpty { logger.warning("the web console's files are missing: GET / answers 404") }
        console.register(on: router)
        ConsoleShellRoutes(
            cloud: cloud, shell: companions.lazy.compactMap(\.instanceShell).first, configuration: configuration,
            unavailableReason: dataPlaneOffReason
        ).register(on: router)
        router.get("/") { request, context in
            ConsoleRoutes.wantsConsole(request) ? console.index() : await endpoint.respond(to: request, context: context)
        }
        let limit = ConnectionLimit(maximum: configuration.connections.maximumConnections, gauge: metrics.openConnections)
        let serverName = "LocalVPC"
        return Application(
            router: router,
            server: .http1(
                router: router.buildResponder(), serverName: serverName, policy: configuration.connections, limit: limit,
                stopping: stopping, logger: logger),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: serverName, availableConnectionsDelegate: limit),
            services: services,
            logger: logger)
    }
}
