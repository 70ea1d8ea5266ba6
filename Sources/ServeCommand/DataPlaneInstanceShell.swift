import CloudModel
import DataPlane
import Dispatch
import Server

/// The console's Connect on the data plane: EC2 Instance Connect's checks (`InstanceConnectCheck`, with real packets)
/// and each line run in the instance (`InstanceShellCommand`), off the HTTP event loops (both block).
struct DataPlaneInstanceShell: InstanceShell {
    let cloud: CloudService
    let internetNamespace: String

    func refusal(instanceId: String, scope: AccountRegion) async -> (title: String, detail: String)? {
        let (cloud, internet) = (cloud, internetNamespace)
        let refusal = await Self.offTheEventLoop {
            InstanceConnectCheck.refusal(
                instanceId: instanceId, scope: scope, state: cloud.snapshot(), at: cloud.clock.now(), internetNamespace: internet)
        }
        return refusal.map { ($0.title, $0.detail) }
    }

    func run(_ commandLine: String, instanceId: String, seconds: Int) async throws -> (output: String, status: Int32) {
        let outcome = try await Self.offTheEventLoop {
            Result { try InstanceShellCommand.run(commandLine, in: InstanceHost.namespace(of: instanceId), seconds: seconds) }
        }.get()
        return (outcome.output, outcome.status)
    }

    private static func offTheEventLoop<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in DispatchQueue.global().async { continuation.resume(returning: work()) } }
    }
}
