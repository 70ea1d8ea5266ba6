import Logging
import Persistence
import ServiceLifecycle

/// Follows the other servers' appends to a shared store as they are made (PostgreSQL's notifications, and a poll every
/// second), so the change feed (the data plane, the console's events) follows every server's changes, not only this
/// one's, and reads rarely find anything left to catch up with.
struct JournalFollower: Service {
    let cloud: CloudService
    let versions: AsyncStream<UInt64>
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var failing = false
            for await version in versions {
                do {
                    try await cloud.catchUp(to: version)
                    failing = false
                } catch {
                    // The next notification or poll tries again; the log says so once per outage.
                    if !failing { logger.warning("cannot catch up with the journal", metadata: ["error": "\(error)"]) }
                    failing = true
                }
            }
        }
    }
}
