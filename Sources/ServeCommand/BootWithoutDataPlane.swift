import CloudModel
import Server
import ServiceLifecycle

/// Without the data plane, instances run at once; the ones a data-plane run left `pending` (it stopped before their
/// namespaces were ready) run now, so nothing waits for a data plane that is not there.
struct BootWithoutDataPlane: Service {
    let cloud: CloudService

    func run() async throws {
        let state = cloud.snapshot()
        for (scope, region) in state.regions {
            let pending = region.instances.values.filter { $0.state == .pending }.map(\.id)
            guard !pending.isEmpty else { continue }
            _ = try await cloud.perform(in: scope) { transaction in transaction.markInstancesRunning(pending) }
        }
        try? await gracefulShutdown()
    }
}
