/// Refusals about flow logs. The codes are AWS's (as moto and the Terraform provider match them); messages follow
/// AWS's wording where it could be found, LocalVPC's otherwise.
extension EC2Error {
    /// A cross-parameter rule of CreateFlowLogs (`InvalidParameter`, not `InvalidParameterValue`, as AWS answers).
    static func invalidFlowLogParameter(_ message: String) -> EC2Error {
        EC2Error(code: "InvalidParameter", message: message)
    }

    static func invalidLogDestination(_ arn: String) -> EC2Error {
        .invalidFlowLogParameter("LogDestination: \(arn) is not a valid ARN for the LogDestinationType.")
    }

    static func invalidFlowLogFormat(_ format: String) -> EC2Error {
        .invalidFlowLogParameter("The LogFormat '\(format)' is invalid: give one or more ${field} names of flow log records, separated by spaces.")
    }

    /// The same resource, traffic type and destination as an existing flow log; answered in `Unsuccessful`.
    public static let flowLogAlreadyExists = EC2Error(
        code: "FlowLogAlreadyExists", message: "Error. There is an existing Flow Log with the same configuration and log destination.")

    /// DeleteFlowLogs with an id that does not exist; answered in `Unsuccessful`.
    public static func flowLogNotFound(_ id: String) -> EC2Error {
        EC2Error(code: "InvalidFlowLogId.NotFound", message: "These flow log ids in the input list are not found: [TotalCount: 1] \(id)")
    }

    /// LocalVPC's transit gateways carry packets but keep no flow logs yet.
    static let transitGatewayFlowLogsUnsupported = EC2Error(
        code: "UnsupportedOperation", message: "Flow logs for transit gateways and their attachments are not supported by LocalVPC yet.")
}
