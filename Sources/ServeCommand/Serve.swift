import Addressing
public import ArgumentParser
import CloudModel
import DataPlane
import Foundation
import Logging
import NIOCore
import NIOPosix
import Persistence
import Server
import ThreadScheduling

/// `localvpc serve` (and `localvpc-server`): runs the EC2 endpoint until SIGTERM or SIGINT.
public struct Serve: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(abstract: "Run the EC2-compatible server (point AWS_ENDPOINT_URL at it).")

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (default 4566, or LOCALVPC_PORT).")
    var port = ProcessInfo.processInfo.environment["LOCALVPC_PORT"].flatMap(Int.init) ?? 4566

    @Option(help: "Folder for the SQLite state (created if missing).")
    var stateDir = ProcessInfo.processInfo.environment["LOCALVPC_STATE_DIR"] ?? ".localvpc"

    @Flag(help: "Keep state in memory only; nothing survives a restart.")
    var ephemeral = false

    @Option(
        help: """
            Keep the state in this PostgreSQL database, shared with every server given the same URL: \
            postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE (default LOCALVPC_DATABASE_URL). Its tables are made if \
            missing; one server on it runs the data plane.
            """)
    var databaseUrl: String?

    @Option(help: "process: acknowledged changes survive kill -9 (default); power: also power loss (fsync per write).")
    var durability = SQLiteStateStore.Durability.process

    @Flag(help: "Enforce AWS's adjustable quotas (VPCs per region and the like) at their default values.")
    var enforceQuotas = false

    @Option(help: "Active peering connections allowed per VPC (AWS's default 50; adjustable up to 125).")
    var activePeeringsPerVpc = 50

    @Option(help: "Pending peering requests allowed per requester VPC (AWS's default 25).")
    var outstandingPeeringsPerVpc = 25

    @Option(help: "Where public addresses (auto-assigned and Elastic IPs) come from. The default, 198.18.0.0/15, is reserved for network testing.")
    var publicIpPool = "198.18.0.0/15"

    @Option(help: "Account for access keys that are not a 12-digit account id (default 000000000000, or LOCALVPC_DEFAULT_ACCOUNT).")
    var defaultAccount = ProcessInfo.processInfo.environment["LOCALVPC_DEFAULT_ACCOUNT"] ?? AccountRegion.defaultAccount

    @Option(
        help: """
            auto: instances are network namespaces exchanging real packets when run as root on Linux (else off, as the \
            log and /_localvpc/health say); on: the same, or fail to start; off: the API only.
            """)
    var dataPlane = DataPlaneMode.auto

    @Option(
        help: """
            trace, debug, info, notice, warning, error or critical (default info, or LOCALVPC_LOG_LEVEL). \
            POST /_localvpc/log-level {"level": "debug"} changes it while the server runs.
            """)
    var logLevel = ProcessInfo.processInfo.environment["LOCALVPC_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info

    @Option(
        help: """
            auto: the threads every request waits for (the event loops, the cloud's, the store's) run at real-time \
            priority when the process may (root on Linux), so that long work never keeps them waiting; off: the fair \
            scheduler only, with short slices.
            """)
    var realtime = RealtimeMode.auto

    @Option(help: "Seconds a keep-alive connection may stay idle before it is closed (default 60).")
    var idleTimeout: Double = 60

    @Option(help: "Seconds a request's head may take to arrive, from its first byte (default 20; slow-header clients are closed).")
    var requestHeadTimeout: Double = 20

    @Option(help: "Seconds a request body may pause between two reads (default 20).")
    var bodyReadTimeout: Double = 20

    @Option(
        help: "Seconds the requests in flight may take to finish after SIGTERM or SIGINT; then their connections are closed (default 10).")
    var shutdownTimeout: Double = 10

    @Option(help: "Connections open at once (default 4096, and always below the descriptor limit); more wait to be accepted.")
    var maxConnections = 4096

    @Flag(
        help: """
            Require a valid SigV4 signature on every EC2/STS API request, from a key of the credentials file or of \
            AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (also LOCALVPC_VERIFY_SIGNATURES=1). Off by default: any key is accepted.
            """)
    var verifySignatures = false

    @Option(
        help: """
            With --verify-signatures: the keys, in the AWS CLI's credentials format (default LOCALVPC_CREDENTIALS_FILE, \
            else AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials when it exists).
            """)
    var credentialsFile: String?

    public init() {}

    /// `--database-url`, else `LOCALVPC_DATABASE_URL` (an empty value is none).
    var databaseURL: String? {
        databaseUrl ?? ProcessInfo.processInfo.environment["LOCALVPC_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public func validate() throws {
        if let url = databaseURL {
            guard !ephemeral else { throw ValidationError("--database-url keeps the state in PostgreSQL: it cannot be used with --ephemeral") }
            if let problem = PostgresLocation.problem(with: url) {
                throw ValidationError("--database-url must be postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE: \(problem)")
            }
        }
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
        guard AccountRegion.isAccountId(defaultAccount) else { throw ValidationError("--default-account must be 12 digits") }
        guard let pool = IPv4CIDR(publicIpPool), (8...28).contains(pool.prefixLength) else {
            throw ValidationError("--public-ip-pool must be an IPv4 CIDR block between /8 and /28")
        }
        guard activePeeringsPerVpc > 0, outstandingPeeringsPerVpc > 0 else { throw ValidationError("peering quotas must be positive") }
        if signaturesRequired {
            let keys = try signingCredentials()
            guard !keys.accessKeyIds.isEmpty else {
                throw ValidationError(
                    "--verify-signatures needs at least one key: in \(credentialsPath ?? "~/.aws/credentials") or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
                )
            }
        }
        for (name, seconds) in [
            ("--idle-timeout", idleTimeout), ("--request-head-timeout", requestHeadTimeout), ("--body-read-timeout", bodyReadTimeout),
            ("--shutdown-timeout", shutdownTimeout),
        ] {
            guard seconds.isFinite, seconds > 0, seconds <= 86_400 else { throw ValidationError("\(name) must be between 0 and 86400 seconds") }
        }
        guard maxConnections > 0 else { throw ValidationError("--max-connections must be positive") }
        if dataPlane == .on, let reason = DataPlaneService.unavailableReason {
            throw ValidationError("--data-plane on: \(reason); use --data-plane off (or auto)")
        }
    }

    /// How the threads every request waits for are scheduled, as the log says at start.
    private var requestThreadScheduling: String {
        if ThreadScheduling.realtimeThreadCount > 0 { return "real-time priority" }
        return realtime == .off ? "fair, short slices (--realtime off)" : "fair, short slices (real-time priority not permitted)"
    }

    public func run() async throws {
        limitMallocArenas(to: 64)
        // Swift Concurrency's tasks with no executor preference run on the HTTP event loops instead of a pool of their
        // own. (Request handlers prefer their connection's loop, `EventLoopTaskExecutor`; the cloud's own tasks its
        // thread, `CloudExecutor.tasks`; long reads their threads, `LongReadExecutor`.)
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        // Every request waits for its event loop to wake: real-time priority or short slices (`ThreadScheduling`).
        ThreadScheduling.allowRealtime(realtime == .auto)
        for loop in MultiThreadedEventLoopGroup.singleton.makeIterator() {
            try await loop.submit { ThreadScheduling.requestPromptScheduling() }.get()
        }
        let level = LogLevelSwitch(logLevel)
        // Escapes every message and metadata value: text from requests cannot forge or split a log line.
        LoggingSystem.bootstrap { label in KeyValueLogHandler.standardError(label: label, levelSwitch: level) }
        var configuration = ServerConfiguration()
        configuration.logLevel = level
        configuration.connections.idleTimeout = .seconds(idleTimeout)
        configuration.connections.requestHeadTimeout = .seconds(requestHeadTimeout)
        configuration.connections.bodyReadTimeout = .seconds(bodyReadTimeout)
        configuration.connections.shutdownTimeout = .seconds(shutdownTimeout)
        configuration.connections.maximumConnections = maxConnections
        configuration.host = host
        configuration.port = port
        configuration.stateDirectory = ephemeral ? nil : URL(fileURLWithPath: stateDir)
        configuration.durability = durability
        configuration.database = databaseURL.flatMap(PostgresLocation.init(url:))
        configuration.defaultAccount = defaultAccount
        configuration.cloud.enforcesAdjustableQuotas = enforceQuotas
        configuration.cloud.quotas.activePeeringsPerVpc = activePeeringsPerVpc
        configuration.cloud.publicIpPool = IPv4CIDR(publicIpPool)!.canonical
        configuration.cloud.quotas.outstandingPeeringsPerVpc = outstandingPeeringsPerVpc
        let logger = Logger(label: "localvpc")
        logger.info("scheduling", metadata: ["request-threads": "\(requestThreadScheduling)"])
        if signaturesRequired {
            let keys = try signingCredentials()
            configuration.signingCredentials = keys
            logger.info(
                "verifying SigV4 signatures",
                metadata: ["access-keys": "\(keys.accessKeyIds.joined(separator: ","))", "credentials-file": "\(credentialsPath ?? "(none)")"])
        }
        let dataPlaneOff: String? =
            switch dataPlane {
            case .off: "off (--data-plane off)"
            case .auto, .on: DataPlaneService.unavailableReason.map { "off: \($0)" }
            }
        if let dataPlaneOff { logger.info("data plane \(dataPlaneOff); the API works without it") }
        // With the data plane on, an instance is `pending` until its namespace is ready.
        configuration.cloud.instancesBootPending = dataPlaneOff == nil
        let stateKey = configuration.database?.description ?? configuration.stateDirectory?.standardizedFileURL.path ?? "memory"
        let port = port
        // Flow log records are written where the state is, in their destination's layout; a memory server keeps them
        // in memory.
        let flowLogDirectory = configuration.stateDirectory?.appendingPathComponent("flow-logs")
        try await LocalVPC.serve(configuration: configuration, logger: logger) { cloud in
            guard dataPlaneOff == nil else {
                return [
                    CloudCompanion(name: "dataPlane", service: BootWithoutDataPlane(cloud: cloud)) {
                        [("enabled", .flag(false)), ("reason", .text(dataPlaneOff ?? ""))]
                    }
                ]
            }
            let service = DataPlaneService(
                cloud: CloudServiceFeed(cloud: cloud), port: port, stateKey: stateKey,
                flowLogDirectory: flowLogDirectory, logger: logger)
            return [
                CloudCompanion(
                    name: "dataPlane", service: service, flowLogRecords: DataPlaneFlowLogRecords(flowLogs: service.flowLogs),
                    instanceShell: DataPlaneInstanceShell(cloud: cloud, internetNamespace: DataPlaneNames.internet(port: port))
                ) { service.health.fields }
            ]
        }
    }
}

extension Serve {
    /// `--verify-signatures`, or `LOCALVPC_VERIFY_SIGNATURES` set to `1` or `true`.
    var signaturesRequired: Bool {
        verifySignatures || ["1", "true"].contains(ProcessInfo.processInfo.environment["LOCALVPC_VERIFY_SIGNATURES"]?.lowercased() ?? "")
    }

    /// The credentials file to read: the one named (which must exist), else the AWS CLI's default when it exists.
    var credentialsPath: String? {
        let environment = ProcessInfo.processInfo.environment
        if let named = credentialsFile ?? environment["LOCALVPC_CREDENTIALS_FILE"].flatMap({ $0.isEmpty ? nil : $0 }) {
            return (named as NSString).expandingTildeInPath
        }
        let standard = ((environment["AWS_SHARED_CREDENTIALS_FILE"] ?? "~/.aws/credentials") as NSString).expandingTildeInPath
        return FileManager.default.fileExists(atPath: standard) ? standard : nil
    }

    /// The keys signatures are checked against: the credentials file's, then the server's own environment's.
    func signingCredentials() throws -> SigningCredentials {
        do {
            return try SigningCredentials(credentialsFile: credentialsPath, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw ValidationError("cannot read the credentials file \(credentialsPath ?? ""): \(error.localizedDescription)")
        }
    }
}

/// `--data-plane`.
enum DataPlaneMode: String, ExpressibleByArgument, CaseIterable {
    case auto, on, off
}

enum RealtimeMode: String, ExpressibleByArgument, CaseIterable {
    case auto, off
}

extension SQLiteStateStore.Durability: ExpressibleByArgument {}
extension Logger.Level: @retroactive ExpressibleByArgument {}

/// An arena of its own for each of the server's threads (up to 64), rather than glibc's eight per core or fewer.
///
/// A thread that allocates or frees takes its arena's lock, and the long-read threads (nice 10) allocate all the time.
/// Sharing an arena with them, a thread every write waits for could find the lock held by one the kernel had just
/// preempted, and wait until that thread got a core again: under `bench/fairness.py`'s load, with two arenas, the store
/// writer's thread waited on arena locks 171 times in 4 s (33.6 ms in all, up to 23 ms at once) and the event loops 63
/// times (20.3 ms, up to 6.3 ms). With an arena per thread, not at all and 6 times (0.7 ms). It costs about 10% more
/// memory under that load (RSS 214 MB against 187–203 MB). `mallopt` is looked up at run time because the Glibc module
/// does not export malloc.h; elsewhere (or if it is missing) nothing changes.
private func limitMallocArenas(to count: Int32) {
    #if os(Linux)
        let mArenaMax: Int32 = -8  // M_ARENA_MAX in glibc's malloc.h
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        _ = mallopt(mArenaMax, count)
    #endif
}
