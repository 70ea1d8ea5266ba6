import AWSTimestamp
public import Foundation

extension Instance {
    /// Why the instance is in its state, as DescribeInstances prints `StateTransitionReason` and the `reason` filter
    /// compares it: empty while running, else `User initiated (2026-11-21 02:20:32 GMT)`, as AWS writes it.
    public var stateTransitionReason: String {
        state == .running ? "" : "User initiated (\(AWSTimestamp.formatInMessage(stateChangedAt)))"
    }

    /// `StateReason` of a stopped or terminated instance (both were stopped by their user in LocalVPC), else nil.
    public var stateReasonCodeAndMessage: (code: String, message: String)? {
        guard state == .stopped || state == .terminated else { return nil }
        let code = "Client.UserInitiatedShutdown"
        return (code, "\(code): User initiated shutdown")
    }
}
