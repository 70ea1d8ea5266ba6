import CloudModel
import Foundation
import Hummingbird
import SigV4

/// `serve --verify-signatures`: checks each Query API request's SigV4 signature before anything reads it, and
/// answers a refusal with EC2's code and status (STS's for an STS-scoped request).
///
/// Time is the server's real clock, not the cloud's (`POST /_localvpc/clock`): clients sign with their wall clock,
/// and moving the cloud's clock to expire a peering must not turn every request into `RequestExpired`.
struct SignatureVerification: Sendable {
    let verifier: SignatureV4Verifier
    let sessionTokens: SessionTokens
    let now: @Sendable () -> Date

    /// Checks signatures from the configured keys and from the temporary ones `GetSessionToken` issued.
    init(credentials: SigningCredentials, sessionTokens: SessionTokens = SessionTokens(), now: @escaping @Sendable () -> Date = { Date() }) {
        verifier = SignatureV4Verifier(services: ["ec2", "sts"], isKnownRegion: { RegionCatalog.region(named: $0) != nil }) {
            credentials.credentials(for: $0) ?? sessionTokens.issued($0)?.credentials
        }
        self.sessionTokens = sessionTokens
        self.now = now
    }

    /// The identity a verified request acts as (its signed key and scope), or the refusal.
    func identity(of request: Request, body: ByteBuffer) throws(EC2Error) -> RequestIdentity {
        var headers: [(String, String)] = request.headers.map { ($0.name.canonicalName, $0.value) }
        if let authority = request.head.authority, !headers.contains(where: { $0.0 == "host" }) { headers.append(("host", authority)) }
        let signed = SignedRequest(
            method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "", headers: headers,
            body: Data(body.readableBytesView))
        let now = now()
        let signer: SignatureV4Verifier.Signer
        do {
            signer = try verifier.verify(signed, now: now)
        } catch {
            throw Self.error(for: error, service: Self.service(of: signed))
        }
        let issued = sessionTokens.issued(signer.accessKeyId)
        if let issued, issued.expiration <= now { throw EC2Error.requestExpired("The security token included in the request is expired") }
        return RequestIdentity(accessKeyId: signer.accessKeyId, region: signer.region, service: signer.service, issuedAccount: issued?.account)
    }

    /// The service the request names (for the code of a refusal), `ec2` unless its scope says `sts`.
    private static func service(of request: SignedRequest) -> String {
        let identity = RequestIdentity(authorization: request.header("authorization"), credentialParameter: request.queryValue("X-Amz-Credential"))
        return identity.service == "sts" ? "sts" : "ec2"
    }

    /// The service's error for a refusal. EC2 answers a signature that does not match, as an unknown key, with
    /// `AuthFailure` (401) where STS says `SignatureDoesNotMatch` and `InvalidClientTokenId` (403): what AWS does, as
    /// moto reproduces it (`moto/iam/access_control.py`, `IAMRequest._raise_signature_does_not_match`).
    static func error(for failure: SignatureV4Failure, service: String) -> EC2Error {
        switch failure.kind {
        case .missingAuthenticationToken: .missingAuthenticationToken(failure.message)
        case .incompleteSignature: .incompleteSignature(failure.message)
        case .signatureDoesNotMatch:
            service == "sts"
                ? .signatureDoesNotMatch(failure.message)
                : .authFailure(
                    failure.message == SignatureV4Failure.mismatchMessage
                        ? "AWS was not able to validate the provided access credentials" : failure.message)
        case .requestExpired: .requestExpired(failure.message)
        case .unknownAccessKey:
            service == "sts"
                ? .invalidClientTokenId(
                    failure.message.hasPrefix("AWS was not able") ? "The security token included in the request is invalid." : failure.message)
                : .authFailure(failure.message)
        }
    }
}
