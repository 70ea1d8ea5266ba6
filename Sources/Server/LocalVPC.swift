import CloudModel
import Foundation
public import Hummingbird
public import Logging
import Persistence

/// LocalVPC's server: the EC2 Query API on `POST /`, STS GetCallerIdentity, and the admin routes.
public enum LocalVPC {
    /// The version `GET /_localvpc/health` reports.
    public static let version = "0.1.0"

    /// Runs the server until SIGTERM or SIGINT, then finishes the requests in flight and returns.
    public static func serve(
        configuration: ServerConfiguration, logger: Logger, companions: (CloudService) -> [CloudCompanion] = { _ in [] }
    ) async throws {
        try await application(configuration: configuration, logger: logger, companions: companions).runService()
    }

    /// Builds the application `localvpc serve` runs: opens the state, then wires the routes.
    public static func application(
        configuration: ServerConfiguration, logger: Logger, companions makeCompanions: (CloudService) -> [CloudCompanion] = { _ in [] }
    ) throws -> some ApplicationProtocol {
        let store: any StateStore =
            if let directory = configuration.stateDirectory {
                try SQLiteStateStore(directory: directory, durability: configuration.durability)
            } else {
                InMemoryStateStore()
            }
        let started = ContinuousClock.now
        let metrics = ServerMetrics()
        let cloud = try CloudService(store: store, configuration: configuration.cloud) { metrics.recordCommit($0) }
        logger.info(
            "state loaded",
            metadata: [
                "resources": "\(cloud.snapshot().resourceCount)", "ms": "\((ContinuousClock.now - started).milliseconds)",
                "state-dir": "\(configuration.stateDirectory?.path ?? "(memory)")",
                // A clock moved before the last stop runs on from there (`POST /_localvpc/clock`).
                "clock-offset-seconds": "\(cloud.clock.offset)",
            ])
        let companions = makeCompanions(cloud)
        let router = Router()
        // First, so that it times and counts every route's requests, errors included.
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        OperationsRoutes(cloud: cloud, metrics: metrics, logLevel: configuration.logLevel).register(on: router)
        AdminRoutes(cloud: cloud, startedAt: started, companions: companions, verifiesSignatures: configuration.signingCredentials != nil)
            .register(on: router)
        let dataPlaneHealth = companions.first { $0.name == "dataPlane" }?.health()
        FlowLogRoutes(
            cloud: cloud, source: companions.lazy.compactMap(\.flowLogRecords).first,
            unavailableReason: (dataPlaneHealth?["reason"] as? String) ?? "off"
        ).register(on: router)
        let sessionTokens = SessionTokens()
        let endpoint = QueryEndpoint(
            ec2: EC2Handlers(cloud: cloud), configuration: configuration,
            signatures: configuration.signingCredentials.map { SignatureVerification(credentials: $0, sessionTokens: sessionTokens) },
            sts: SecurityTokenService(sessionTokens: sessionTokens))
        router.post("/") { request, context in await endpoint.respond(to: request, context: context) }
        let console = ConsoleRoutes(cloud: cloud, assets: ConsoleAssets(), configuration: configuration)
        if console.assets.isEmpty { logger.warning("the web console's files are missing: GET / answers 404") }
        console.register(on: router)
        ConsoleShellRoutes(
            cloud: cloud, shell: companions.lazy.compactMap(\.instanceShell).first, configuration: configuration,
            unavailableReason: (dataPlaneHealth?["reason"] as? String) ?? "off"
        ).register(on: router)
        router.get("/") { request, context in
            ConsoleRoutes.wantsConsole(request) ? console.index() : await endpoint.respond(to: request, context: context)
        }
        let limit = ConnectionLimit(maximum: configuration.connections.maximumConnections, gauge: metrics.openConnections)
        return Application(
            router: router,
            server: .http1(policy: configuration.connections, limit: limit),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "LocalVPC", availableConnectionsDelegate: limit),
            services: companions.compactMap(\.service),
            logger: logger)
    }
}
