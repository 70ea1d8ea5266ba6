import Logging
import Persistence
import ServiceLifecycle

/// Runs the data plane (or whatever a companion runs beside the server) only while this server leads the servers
/// sharing a database: one host runs the cloud's instances at a time. A server that loses the leader's connection
/// stops it; another takes the lock within its retry interval and starts its own.
struct DataPlaneLeadership: Service {
    let lock: PostgresLeaderLock
    let service: any Service

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await lock.lead {
                try? await service.run()
            }
        }
    }
}
