/// An error a client sees: an AWS error code and an AWS-style message.
///
/// Every refusal in LocalVPC is one of these, built by a static factory named after the AWS code
/// (`.vpcNotFound(id)` → `InvalidVpcID.NotFound`), so the exact spelling clients match on lives in one place.
/// The factories are grouped by area in `EC2Error+<Area>.swift`.
public struct EC2Error: Error, Sendable, Hashable, CustomStringConvertible {
    /// The AWS error code, e.g. `InvalidVpcID.NotFound`.
    public let code: String
    /// The human-readable message, worded as AWS words it.
    public let message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}

extension EC2Error {
    public static func invalidParameterValue(_ message: String) -> EC2Error {
        EC2Error(code: "InvalidParameterValue", message: message)
    }

    public static func invalidParameterCombination(_ message: String) -> EC2Error {
        EC2Error(code: "InvalidParameterCombination", message: message)
    }

    public static func missingParameter(_ name: String) -> EC2Error {
        EC2Error(code: "MissingParameter", message: "The request must contain the parameter \(name)")
    }

    public static func dependencyViolation(_ message: String) -> EC2Error {
        EC2Error(code: "DependencyViolation", message: message)
    }

    public static let dryRunOperation = EC2Error(
        code: "DryRunOperation",
        message: "Request would have succeeded, but DryRun flag is set."
    )

    public static func invalidFilter(_ name: String) -> EC2Error {
        .invalidParameterValue("The filter '\(name)' is invalid")
    }

    public static func invalidNextToken(_ token: String) -> EC2Error {
        EC2Error(code: "InvalidNextToken", message: "The token '\(token)' is invalid.")
    }

    public static func limitExceeded(_ code: String, _ message: String) -> EC2Error {
        EC2Error(code: code, message: message)
    }

    /// `NotFound` for one or more ids of one kind, worded as AWS words it for one id and for several.
    static func notFound(_ code: String, noun: String, ids: [String]) -> EC2Error {
        if ids.count == 1 {
            return EC2Error(code: code, message: "The \(noun) ID '\(ids[0])' does not exist")
        }
        return EC2Error(code: code, message: "The \(noun) IDs '\(ids.joined(separator: ", "))' do not exist")
    }
}
