/// A failed EC2 call: the AWS error code and message from the endpoint's error document, or a
/// client-side failure (no credentials, endpoint unreachable) under a code of our own.
///
/// Codes from the endpoint are exactly AWS's (`InvalidVpcID.NotFound`, `RouteAlreadyExists`),
/// so callers match on ``code``; ``isServiceError`` says which side produced it.
public struct EC2ClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// AWS's error code, or for client-side failures one of ours (`NoCredentials`, `RequestFailed`…).
    public let code: String
    /// The message, AWS's own when the endpoint sent one.
    public let message: String
    /// The HTTP status when the endpoint answered; nil for client-side failures.
    public let statusCode: Int?
    /// The endpoint's request id, when it sent one (quote it to AWS support).
    public let requestId: String?

    /// An error with every field given.
    public init(code: String, message: String, statusCode: Int? = nil, requestId: String? = nil) {
        self.code = code
        self.message = message
        self.statusCode = statusCode
        self.requestId = requestId
    }

    /// True when the endpoint answered with this error; false when the client failed before or without an answer.
    public var isServiceError: Bool { statusCode != nil }

    /// True for errors worth a retry after a pause: throttling and the endpoint being briefly unavailable.
    public var isRetryable: Bool {
        ["RequestLimitExceeded", "Throttling", "ThrottlingException", "ServiceUnavailable", "Unavailable"].contains(code) || statusCode == 503
    }

    public var description: String { "\(code): \(message)" }

    /// No access key anywhere: not in the environment, not in the profile.
    public static func noCredentials(profile: String? = nil) -> Self {
        let whereLooked =
            profile.map { "profile \($0) has no aws_access_key_id/aws_secret_access_key" } ?? "none in the environment or the default profile"
        return Self(
            code: "NoCredentials", message: "no AWS credentials (\(whereLooked)): set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or use --profile")
    }

    /// The named profile is in neither shared file.
    public static func profileNotFound(_ profile: String) -> Self {
        Self(code: "ProfileNotFound", message: "the profile \(profile) is in neither ~/.aws/credentials nor ~/.aws/config")
    }

    /// The profile gets its credentials some way this client does not implement (roles, SSO, a process).
    public static func unsupportedCredentialSource(profile: String, key: String) -> Self {
        Self(
            code: "UnsupportedCredentialSource",
            message:
                "profile \(profile) uses \(key), which this client does not support; export static keys with `aws configure export-credentials --profile \(profile) --format env`"
        )
    }

    /// No region from the flag, the environment or the profile.
    public static func noRegion() -> Self {
        Self(code: "NoRegion", message: "no region: pass --region, set AWS_REGION or AWS_DEFAULT_REGION, or set region in the profile")
    }

    /// The endpoint URL is not an http(s) URL with a host.
    public static func invalidEndpoint(_ text: String) -> Self {
        Self(code: "InvalidEndpoint", message: "\(text) is not an http:// or https:// URL")
    }

    /// The request never got an answer (connection refused, timeout, TLS).
    public static func requestFailed(_ endpoint: String, _ reason: String) -> Self {
        Self(code: "RequestFailed", message: "no answer from \(endpoint): \(reason)")
    }

    /// The endpoint answered with something that is neither an EC2 response nor an AWS error document.
    public static func unexpectedResponse(status: Int, body: String) -> Self {
        Self(code: "UnexpectedResponse", message: "HTTP \(status) without an AWS error document: \(body.prefix(300))", statusCode: status)
    }
}
