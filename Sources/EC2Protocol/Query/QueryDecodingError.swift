/// A request the EC2 query decoder rejects, with the AWS error code and message a client should see.
///
/// The server answers these with HTTP 400 and an ``EC2ErrorDocument``.
public struct QueryDecodingError: Error, Sendable, Hashable {
    /// The AWS error code, such as `MissingParameter`.
    public let code: String
    /// The message, worded as EC2 words it.
    public let message: String

    /// Creates an error with any code and message.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// A required parameter is absent; `name` is its wire name, such as `VpcId` or `Filter.1.Name`.
    public static func missingParameter(_ name: String) -> QueryDecodingError {
        QueryDecodingError(code: "MissingParameter", message: "The request must contain the parameter \(name)")
    }

    /// A parameter's value does not parse as its type (an integer, a Boolean, a timestamp, base64).
    public static func invalidParameterValue(name: String, value: String) -> QueryDecodingError {
        QueryDecodingError(code: "InvalidParameterValue", message: "Invalid value '\(value)' for \(name)")
    }

    /// The `Action` parameter names no operation this service implements.
    public static func invalidAction(_ action: String) -> QueryDecodingError {
        QueryDecodingError(code: "InvalidAction", message: "The action \(action) is not valid for this web service.")
    }

    /// The request has no `Action` parameter.
    public static let missingAction = QueryDecodingError(code: "MissingAction", message: "The request must contain the parameter Action")
}
