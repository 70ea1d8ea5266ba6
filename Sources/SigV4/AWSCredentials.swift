/// An AWS access key pair, with the session token that temporary credentials carry.
///
/// The secret never appears in `description`, so a credential can be logged or
/// interpolated into an error message without leaking it.
public struct AWSCredentials: Sendable, Hashable, CustomStringConvertible {
    /// The access key id (`AKIA…`, `ASIA…`, or on LocalVPC a 12-digit account id).
    public var accessKeyId: String
    /// The secret access key; used only to derive signing keys.
    public var secretAccessKey: String
    /// The session token of temporary credentials, sent as `X-Amz-Security-Token`.
    public var sessionToken: String?

    /// Credentials from their three parts; an empty session token counts as none.
    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken?.isEmpty == true ? nil : sessionToken
    }

    public var description: String {
        "AWSCredentials(accessKeyId: \(accessKeyId), secretAccessKey: <redacted>\(sessionToken == nil ? "" : ", sessionToken: <redacted>"))"
    }
}
