/// Why a request's SigV4 signature was refused: one kind per AWS error a client can tell apart, and AWS's message.
///
/// The kinds are not EC2's error codes themselves: the same failure reads `AuthFailure` from EC2 and
/// `InvalidClientTokenId` from STS, so the service decides the code (`EC2Error.signatureFailure` in the server).
public struct SignatureV4Failure: Error, Sendable, Hashable {
    /// What went wrong, as AWS distinguishes it.
    public enum Kind: Sendable, Hashable {
        /// No `Authorization` header and no `X-Amz-Algorithm` query parameter: `MissingAuthenticationToken`.
        case missingAuthenticationToken
        /// A signature whose parts are missing or malformed: `IncompleteSignature`.
        case incompleteSignature
        /// An access key id (or session token) the verifier does not know: EC2's `AuthFailure`, STS's `InvalidClientTokenId`.
        case unknownAccessKey
        /// A well-formed signature that is not the one the request's key makes, or a credential scope AWS
        /// refuses (another day, an unknown region or service): `SignatureDoesNotMatch`.
        case signatureDoesNotMatch
        /// A date more than 15 minutes from the server's, or a presigned URL past its `X-Amz-Expires`: `RequestExpired`.
        case requestExpired
    }

    /// What went wrong.
    public var kind: Kind
    /// AWS's message for it (with the offending value where AWS names it).
    public var message: String

    /// A failure of `kind` with `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// AWS's message when the computed and the given signatures differ.
    public static let mismatchMessage =
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
}
