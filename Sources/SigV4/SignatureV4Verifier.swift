public import Foundation

/// Checks a request's SigV4 signature as AWS does, in the `Authorization` header or in a presigned URL's query.
///
/// The order of the checks is AWS's: the signature's parts, the credential scope, the access key (and session
/// token), the time, and last the signature itself, so a client learns the first thing to fix. Everything is
/// recomputed from the request as it arrived (``SignedRequest``) with ``SignatureV4``'s functions, the ones
/// `EC2Client` signs with.
public struct SignatureV4Verifier: Sendable {
    /// How far a request's date may be from the server's clock, either way (AWS: 15 minutes).
    public static let maximumSkew: TimeInterval = 15 * 60
    /// The longest `X-Amz-Expires` a presigned URL may carry (AWS: seven days).
    public static let maximumExpires = 604_800

    /// The secret (and the session token it must come with) of an access key id, or nil when the key is unknown.
    public var credentials: @Sendable (String) -> AWSCredentials?
    /// Whether a region named in a credential scope exists.
    public var isKnownRegion: @Sendable (String) -> Bool
    /// The services a credential scope may name (LocalVPC answers EC2 and STS on one endpoint).
    public var services: [String]

    /// A verifier over a key lookup, a region check and the services this endpoint answers.
    public init(
        services: [String], isKnownRegion: @escaping @Sendable (String) -> Bool, credentials: @escaping @Sendable (String) -> AWSCredentials?
    ) {
        self.services = services
        self.isKnownRegion = isKnownRegion
        self.credentials = credentials
    }

    /// Who signed a request that verified, and for which scope.
    public struct Signer: Sendable, Hashable {
        /// The access key id of the signature.
        public var accessKeyId: String
        /// The credential scope's region.
        public var region: String
        /// The credential scope's service.
        public var service: String

        /// A signer from its parts.
        public init(accessKeyId: String, region: String, service: String) {
            self.accessKeyId = accessKeyId
            self.region = region
            self.service = service
        }
    }

    /// The signer of `request` if its signature is valid at `now`; else why not, as AWS says it.
    public func verify(_ request: SignedRequest, now: Date) throws(SignatureV4Failure) -> Signer {
        let presented = try SignatureV4Presentation(request)
        let scope = try presented.credentialScope()
        guard scope.terminator == "aws4_request" else {
            throw SignatureV4Failure(
                .signatureDoesNotMatch, "Credential should be scoped with a valid terminator: 'aws4_request', not '\(scope.terminator)'. ")
        }
        guard scope.day == String(presented.timestamp.prefix(8)) else {
            throw SignatureV4Failure(
                .signatureDoesNotMatch,
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '\(scope.day)' != '\(presented.timestamp.prefix(8))', from '\(presented.timestamp)'."
            )
        }
        guard services.contains(scope.service) else {
            throw SignatureV4Failure(.signatureDoesNotMatch, "Credential should be scoped to correct service: '\(services.first ?? "")'. ")
        }
        guard isKnownRegion(scope.region) else {
            throw SignatureV4Failure(.signatureDoesNotMatch, "Credential should be scoped to a valid region, not '\(scope.region)'. ")
        }
        guard presented.signedHeaderNames.contains("host") else {
            throw SignatureV4Failure(.incompleteSignature, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
        }
        guard let secret = credentials(scope.accessKeyId) else {
            throw SignatureV4Failure(.unknownAccessKey, "AWS was not able to validate the provided access credentials")
        }
        guard presented.securityToken == secret.sessionToken else {
            throw SignatureV4Failure(.unknownAccessKey, "The security token included in the request is invalid.")
        }
        try checkTime(presented, now: now)

        let payloadHash = try payloadHash(of: request, presented: presented)
        let canonical = SignatureV4.canonicalRequest(
            method: request.method, path: request.path, query: presented.signedQuery,
            headers: request.headers.filter { presented.signedHeaderNames.contains($0.0.lowercased()) }, payloadHash: payloadHash)
        let scopeString = "\(scope.day)/\(scope.region)/\(scope.service)/aws4_request"
        let toSign = SignatureV4.stringToSign(timestamp: presented.timestamp, scope: scopeString, canonicalRequest: canonical)
        let key = SignatureV4.signingKey(secretAccessKey: secret.secretAccessKey, day: scope.day, region: scope.region, service: scope.service)
        guard Self.equalInConstantTime(SignatureV4.signature(signingKey: key, stringToSign: toSign), presented.signature.lowercased()) else {
            throw SignatureV4Failure(.signatureDoesNotMatch, SignatureV4Failure.mismatchMessage)
        }
        return Signer(accessKeyId: scope.accessKeyId, region: scope.region, service: scope.service)
    }

    /// A date within 15 minutes of `now`, and for a presigned URL, `now` before its date plus `X-Amz-Expires`.
    private func checkTime(_ presented: SignatureV4Presentation, now: Date) throws(SignatureV4Failure) {
        guard let signedAt = presented.date else {
            throw SignatureV4Failure(
                .incompleteSignature,
                "Date must be in ISO-8601 'basic format'. Got '\(presented.timestamp)'. See http://en.wikipedia.org/wiki/ISO_8601")
        }
        if signedAt.timeIntervalSince(now) > Self.maximumSkew {
            let latest = SignatureV4.timestamp(now.addingTimeInterval(Self.maximumSkew))
            throw SignatureV4Failure(
                .requestExpired,
                "Signature not yet current: \(presented.timestamp) is still later than \(latest) (\(SignatureV4.timestamp(now)) + 15 min.)")
        }
        if let expires = presented.expires {
            guard let seconds = Int(expires), (1...Self.maximumExpires).contains(seconds) else {
                throw SignatureV4Failure(
                    .incompleteSignature,
                    "X-Amz-Expires must be a whole number of seconds from 1 to \(Self.maximumExpires) (seven days), not '\(expires)'.")
            }
            if now.timeIntervalSince(signedAt) > TimeInterval(seconds) { throw SignatureV4Failure(.requestExpired, "Request has expired.") }
        } else if now.timeIntervalSince(signedAt) > Self.maximumSkew {
            throw SignatureV4Failure(.requestExpired, "Request has expired.")
        }
    }

    /// The body's SHA-256, which a signed `x-amz-content-sha256` header must state exactly when it is sent.
    private func payloadHash(of request: SignedRequest, presented: SignatureV4Presentation) throws(SignatureV4Failure) -> String {
        let computed = SignatureV4.hexSHA256(request.body)
        if !presented.isPresigned, let stated = request.header("x-amz-content-sha256"), stated != computed {
            throw SignatureV4Failure(.signatureDoesNotMatch, "The provided 'x-amz-content-sha256' header does not match what was computed.")
        }
        return computed
    }

    private static func equalInConstantTime(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
