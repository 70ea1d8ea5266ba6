import CloudModel
import EC2Protocol
import Foundation

extension EC2Handlers {
    /// The instance's console output, base64-encoded as AWS returns it: what its boot and its user data script
    /// printed (the data plane runs the script once, at the first start). None yet: no `output`, as on AWS.
    func getConsoleOutput(_ request: EC2.GetConsoleOutputRequest, context: Context) async throws -> EC2.GetConsoleOutputResult {
        let state = try await snapshot(context, dryRun: request.dryRun)
        try Instance.idKind.validate(request.instanceId)
        guard let instance = state.get(Instance.self, request.instanceId, in: context.scope), instance.isVisible(at: cloud.clock.now()) else {
            throw Instance.idKind.notFound([request.instanceId])
        }
        guard let console = instance.consoleOutput else { return EC2.GetConsoleOutputResult(instanceId: instance.id, timestamp: cloud.clock.now()) }
        return EC2.GetConsoleOutputResult(
            instanceId: instance.id, timestamp: console.updatedAt, output: Data(console.text.utf8).base64EncodedString())
    }
}
