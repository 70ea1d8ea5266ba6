/// Refusals about Network Insights paths and analyses, in AWS's codes.
///
/// The codes are AWS's (as its CloudFormation handlers and Terraform match them); the messages are LocalVPC's
/// wording where AWS's could not be confirmed.
extension EC2Error {
    public static func networkInsightsSourceNotFound(_ id: String) -> EC2Error {
        EC2Error(code: "NetworkInsightsSource.NotFound", message: "The source '\(id)' does not exist.")
    }

    public static func networkInsightsDestinationNotFound(_ id: String) -> EC2Error {
        EC2Error(code: "NetworkInsightsDestination.NotFound", message: "The destination '\(id)' does not exist.")
    }

    /// DeleteNetworkInsightsPath while analyses of the path remain.
    public static func analysisExistsForNetworkInsightsPath(_ id: String) -> EC2Error {
        EC2Error(
            code: "AnalysisExistsForNetworkInsightsPath",
            message: "The network insights path '\(id)' has analyses. Delete them before deleting the path.")
    }

    /// A repeated `ClientToken` with different parameters.
    public static let idempotentParameterMismatch = EC2Error(
        code: "IdempotentParameterMismatch",
        message: "Arguments on this idempotent request are inconsistent with arguments used in previous request(s).")

    /// A path kind AWS analyses but LocalVPC does not model yet.
    static func unsupportedPathEndpoint(_ id: String) -> EC2Error {
        EC2Error(
            code: "UnsupportedOperation",
            message:
                "LocalVPC analyses paths between instances, network interfaces and internet gateways of one account and region; '\(id)' is not one yet."
        )
    }
}
