public import CloudModel

/// What the console's Connect needs of the data plane: EC2 Instance Connect's checks and a shell in the instance.
/// Described here rather than imported, so the server does not depend on the data plane (ServeCommand wires it).
public protocol InstanceShell: Sendable {
    /// Why a session to `instanceId` of `scope` cannot open now (a headline and what to do), or nil when it can.
    func refusal(instanceId: String, scope: AccountRegion) async -> (title: String, detail: String)?
    /// Runs `commandLine` inside the instance, at most `seconds` long: what it printed and its exit status.
    func run(_ commandLine: String, instanceId: String, seconds: Int) async throws -> (output: String, status: Int32)
}
