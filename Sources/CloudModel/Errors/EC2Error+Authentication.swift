/// Refusals of a request's signature under `serve --verify-signatures`, in the codes and statuses EC2 (and STS, for
/// the key it does not know) answer with. The messages are the verifier's: AWS's wording, naming what was wrong.
extension EC2Error {
    /// Neither an `Authorization` header nor a presigned query (HTTP 403).
    public static func missingAuthenticationToken(_ message: String) -> EC2Error {
        EC2Error(code: "MissingAuthenticationToken", message: message)
    }

    /// A signature with parts missing or malformed (HTTP 400).
    public static func incompleteSignature(_ message: String) -> EC2Error {
        EC2Error(code: "IncompleteSignature", message: message)
    }

    /// A signature that is not the one the key makes, or a scope AWS refuses (HTTP 403).
    public static func signatureDoesNotMatch(_ message: String) -> EC2Error {
        EC2Error(code: "SignatureDoesNotMatch", message: message)
    }

    /// A request dated over 15 minutes from the server's clock, or a presigned URL past its expiry (HTTP 400).
    public static func requestExpired(_ message: String) -> EC2Error {
        EC2Error(code: "RequestExpired", message: message)
    }

    /// EC2's answer to an access key (or session token) it does not know: `AuthFailure` (HTTP 401), where other
    /// services say `InvalidClientTokenId`.
    public static func authFailure(_ message: String) -> EC2Error {
        EC2Error(code: "AuthFailure", message: message)
    }

    /// STS's answer to an access key it does not know (HTTP 403).
    public static func invalidClientTokenId(_ message: String) -> EC2Error {
        EC2Error(code: "InvalidClientTokenId", message: message)
    }
}

/// STS's refusals of GetSessionToken.
extension EC2Error {
    /// GetSessionToken signed with temporary credentials (HTTP 403).
    public static let sessionTokenFromSessionCredentials = EC2Error(
        code: "AccessDenied", message: "Cannot call GetSessionToken with session credentials")

    /// A `DurationSeconds` outside 900…129600.
    public static func invalidSessionDuration(_ value: String) -> EC2Error {
        EC2Error(
            code: "ValidationError",
            message:
                "1 validation error detected: Value '\(value)' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 129600"
        )
    }
}
