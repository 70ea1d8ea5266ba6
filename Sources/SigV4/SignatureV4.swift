import Crypto
public import Foundation

/// AWS Signature Version 4: signs one HTTP request for one region and service, in its `Authorization` header or
/// in a presigned URL's query; ``SignatureV4Verifier`` checks a signed request with the same functions.
///
/// Each step of AWS's published algorithm is its own function (canonical request, string to
/// sign, signing key, signature) so tests can hold every intermediate value against AWS's
/// SigV4 test suite. The payload is always hashed (no `UNSIGNED-PAYLOAD`): EC2 Query bodies are small.
public struct SignatureV4: Sendable {
    /// The algorithm name that opens the string to sign and the `Authorization` header.
    public static let algorithm = "AWS4-HMAC-SHA256"

    /// Who signs.
    public var credentials: AWSCredentials
    /// The region in the credential scope (`us-east-1`); LocalVPC reads the request's region from it.
    public var region: String
    /// The service in the credential scope (`ec2`).
    public var service: String

    /// A signer for one credential scope.
    public init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// The headers to add to a request so that it is signed at `date`.
    ///
    /// `headers` must already hold every header to sign, `host` included (with its port when
    /// the URL has a non-default one): whatever is passed here is signed. The result is
    /// `X-Amz-Date`, `X-Amz-Security-Token` when the credentials carry one, and `Authorization`.
    public func signingHeaders(
        method: String, path: String, query: [(String, String)] = [], headers: [(String, String)], body: Data, date: Date
    ) -> [(String, String)] {
        let timestamp = Self.timestamp(date)
        var added = [("X-Amz-Date", timestamp)]
        if let token = credentials.sessionToken { added.append(("X-Amz-Security-Token", token)) }
        let allHeaders = headers + added
        let canonical = Self.canonicalRequest(
            method: method, path: path, query: query, headers: allHeaders, payloadHash: Self.hexSHA256(body))
        let scope = credentialScope(day: String(timestamp.prefix(8)))
        let toSign = Self.stringToSign(timestamp: timestamp, scope: scope, canonicalRequest: canonical)
        let key = Self.signingKey(secretAccessKey: credentials.secretAccessKey, day: String(timestamp.prefix(8)), region: region, service: service)
        let signature = Self.signature(signingKey: key, stringToSign: toSign)
        let authorization =
            "\(Self.algorithm) Credential=\(credentials.accessKeyId)/\(scope), SignedHeaders=\(Self.signedHeaders(allHeaders)), Signature=\(signature)"
        return added + [("Authorization", authorization)]
    }

    /// `DAY/REGION/SERVICE/aws4_request`.
    public func credentialScope(day: String) -> String {
        "\(day)/\(region)/\(service)/aws4_request"
    }

    /// The canonical request: method, URI, query, headers, signed header names and payload hash, one per line.
    public static func canonicalRequest(
        method: String, path: String, query: [(String, String)], headers: [(String, String)], payloadHash: String
    ) -> String {
        let uri = canonicalURI(path)
        let encoded: [(name: String, value: String)] = query.map { (name: $0.0.awsPercentEncoded, value: $0.1.awsPercentEncoded) }
        let sorted = encoded.sorted { $0.name == $1.name ? $0.value < $1.value : $0.name < $1.name }
        let canonicalQuery = sorted.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
        let canonicalHeaders = canonicalHeaderLines(headers).map { "\($0.name):\($0.value)\n" }.joined()
        return [method.uppercased(), uri, canonicalQuery, canonicalHeaders, signedHeaders(headers), payloadHash].joined(separator: "\n")
    }

    /// The canonical URI of `path` as every service but S3 signs it: `.` and `..` segments resolved and empty
    /// segments dropped (a trailing `/` kept), then each segment percent-encoded.
    ///
    /// `path` is taken as it appears on the wire: botocore signs a path that is already percent-encoded, so
    /// encoding it again here is what makes a server's canonical URI match the client's (`/a%20b` signs as
    /// `/a%2520b`).
    public static func canonicalURI(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        let joined = "/" + segments.map { String($0).awsPercentEncoded }.joined(separator: "/")
        return path.hasSuffix("/") && !segments.isEmpty ? joined + "/" : joined
    }

    /// The query parameters of a presigned URL for this request: the caller's `query`, then `X-Amz-Algorithm`,
    /// `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-Expires`, `X-Amz-SignedHeaders` (and `X-Amz-Security-Token`),
    /// and last `X-Amz-Signature`, signed over `headers` (at least `host`) and the hash of `body`.
    public func presignedQuery(
        method: String, path: String, query: [(String, String)] = [], headers: [(String, String)], body: Data = Data(), date: Date,
        expires: Int
    ) -> [(String, String)] {
        let timestamp = Self.timestamp(date)
        let day = String(timestamp.prefix(8))
        var signed =
            query + [
                ("X-Amz-Algorithm", Self.algorithm), ("X-Amz-Credential", "\(credentials.accessKeyId)/\(credentialScope(day: day))"),
                ("X-Amz-Date", timestamp), ("X-Amz-Expires", String(expires)), ("X-Amz-SignedHeaders", Self.signedHeaders(headers)),
            ]
        if let token = credentials.sessionToken { signed.append(("X-Amz-Security-Token", token)) }
        let canonical = Self.canonicalRequest(method: method, path: path, query: signed, headers: headers, payloadHash: Self.hexSHA256(body))
        let key = Self.signingKey(secretAccessKey: credentials.secretAccessKey, day: day, region: region, service: service)
        let toSign = Self.stringToSign(timestamp: timestamp, scope: credentialScope(day: day), canonicalRequest: canonical)
        return signed + [("X-Amz-Signature", Self.signature(signingKey: key, stringToSign: toSign))]
    }

    /// The lower-cased, sorted, `;`-joined names of the headers to sign.
    public static func signedHeaders(_ headers: [(String, String)]) -> String {
        canonicalHeaderLines(headers).map(\.name).joined(separator: ";")
    }

    /// `AWS4-HMAC-SHA256`, the timestamp, the scope and the canonical request's hash, one per line.
    public static func stringToSign(timestamp: String, scope: String, canonicalRequest: String) -> String {
        [algorithm, timestamp, scope, hexSHA256(Data(canonicalRequest.utf8))].joined(separator: "\n")
    }

    /// The key derived from the secret by HMAC-chaining the day, region, service and `aws4_request`.
    public static func signingKey(secretAccessKey: String, day: String, region: String, service: String) -> [UInt8] {
        var key = Array("AWS4\(secretAccessKey)".utf8)
        for part in [day, region, service, "aws4_request"] {
            key = Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: SymmetricKey(data: key)))
        }
        return key
    }

    /// The hex HMAC-SHA256 of the string to sign under the signing key.
    public static func signature(signingKey: [UInt8], stringToSign: String) -> String {
        hex(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: SymmetricKey(data: signingKey)))
    }

    /// Lower-case hex SHA-256, the payload hash of the canonical request.
    public static func hexSHA256(_ data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    /// `YYYYMMDDTHHMMSSZ` in UTC, the `X-Amz-Date` format.
    public static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ n: Int?) -> String { let s = String(n ?? 0); return s.count < 2 ? "0" + s : s }
        return "\(c.year ?? 0)\(two(c.month))\(two(c.day))T\(two(c.hour))\(two(c.minute))\(two(c.second))Z"
    }

    /// Names lower-cased, values trimmed with inner runs of spaces collapsed, repeated names
    /// joined with commas in their given order, sorted by name.
    private static func canonicalHeaderLines(_ headers: [(String, String)]) -> [(name: String, value: String)] {
        var values: [String: [String]] = [:]
        for (name, value) in headers {
            let trimmed = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
            values[name.lowercased(), default: []].append(trimmed)
        }
        return values.keys.sorted().map { ($0, values[$0, default: []].joined(separator: ",")) }
    }

    private static func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
