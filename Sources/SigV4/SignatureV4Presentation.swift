import Foundation

/// The parts of a SigV4 signature as a request presents them, from its `Authorization` header or its presigned
/// query (`X-Amz-Algorithm`, `X-Amz-Credential`, …), before anything is checked against a key.
struct SignatureV4Presentation {
    /// `AKID/DAY/REGION/SERVICE/aws4_request`, split.
    struct CredentialScope {
        var accessKeyId: String
        var day: String
        var region: String
        var service: String
        var terminator: String
    }

    var credential: String
    var signedHeaderNames: [String]
    var signature: String
    /// `X-Amz-Date` (or the `Date` header, rewritten in the same basic format).
    var timestamp: String
    var date: Date?
    var securityToken: String?
    /// A presigned URL's `X-Amz-Expires`; nil for a header-signed request.
    var expires: String?
    var isPresigned: Bool
    /// The query pairs that are signed: all of them, but a presigned URL's `X-Amz-Signature`.
    var signedQuery: [(String, String)]

    /// Reads the signature's parts, refusing a request without any (`MissingAuthenticationToken`) or with some
    /// missing (`IncompleteSignature`, naming each missing part as AWS does).
    init(_ request: SignedRequest) throws(SignatureV4Failure) {
        let query = request.queryPairs
        let authorization = request.header("authorization")
        let algorithm = query.first { $0.name == "X-Amz-Algorithm" }?.value
        switch (authorization, algorithm) {
        case (nil, nil):
            if query.contains(where: { $0.name == "AWSAccessKeyId" || $0.name == "Signature" }) {
                throw SignatureV4Failure(
                    .incompleteSignature, "Only Signature Version 4 (AWS4-HMAC-SHA256) is accepted; this request is signed with an older version.")
            }
            throw SignatureV4Failure(
                .missingAuthenticationToken, "The request must contain either a valid (registered) AWS access key ID or X.509 certificate.")
        case (.some, .some):
            throw SignatureV4Failure(
                .incompleteSignature,
                "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified.")
        case (let header?, nil):
            try self.init(authorization: header, request: request, query: query)
        case (nil, let algorithm?):
            try self.init(presignedAlgorithm: algorithm, query: query)
        }
    }

    private init(authorization header: String, request: SignedRequest, query: [(name: String, value: String)]) throws(SignatureV4Failure) {
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        let scheme = trimmed.prefix { $0 != " " }
        guard scheme == SignatureV4.algorithm else {
            throw SignatureV4Failure(.incompleteSignature, "Unsupported AWS 'algorithm': '\(scheme)'. Only AWS4-HMAC-SHA256 is accepted.")
        }
        var fields: [String: String] = [:]
        for part in trimmed.dropFirst(scheme.count).split(separator: ",") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2 { fields[String(pair[0])] = String(pair[1]) }
        }
        let dateValue = request.header("x-amz-date") ?? request.header("date").flatMap(Self.basicFormat(httpDate:))
        var missing: [String] = []
        for name in ["Credential", "Signature", "SignedHeaders"] where (fields[name] ?? "").isEmpty {
            missing.append("Authorization header requires '\(name)' parameter.")
        }
        if dateValue == nil { missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.") }
        guard missing.isEmpty, let credential = fields["Credential"], let signature = fields["Signature"],
            let signedHeaders = fields["SignedHeaders"],
            let dateValue
        else {
            throw SignatureV4Failure(.incompleteSignature, (missing + ["Authorization=\(trimmed)"]).joined(separator: " "))
        }
        self.credential = credential
        self.signature = signature
        self.signedHeaderNames = signedHeaders.split(separator: ";").map { $0.lowercased() }
        self.timestamp = dateValue
        self.date = Self.date(basicFormat: dateValue)
        self.securityToken = request.header("x-amz-security-token")
        self.expires = nil
        self.isPresigned = false
        self.signedQuery = query.map { ($0.name, $0.value) }
    }

    private init(presignedAlgorithm algorithm: String, query: [(name: String, value: String)]) throws(SignatureV4Failure) {
        guard algorithm == SignatureV4.algorithm else {
            throw SignatureV4Failure(.incompleteSignature, "Unsupported AWS 'algorithm': '\(algorithm)'. Only AWS4-HMAC-SHA256 is accepted.")
        }
        func value(_ name: String) -> String? { query.first { $0.name == name }?.value }
        let missing = ["X-Amz-Credential", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Signature"].filter { (value($0) ?? "").isEmpty }
        guard missing.isEmpty, let credential = value("X-Amz-Credential"), let timestamp = value("X-Amz-Date"),
            let signedHeaders = value("X-Amz-SignedHeaders"), let signature = value("X-Amz-Signature")
        else {
            throw SignatureV4Failure(
                .incompleteSignature,
                missing.map { "AWS query-string parameters must include '\($0)'." }.joined(separator: " ")
                    + " Re-examine the query-string parameters.")
        }
        self.credential = credential
        self.signature = signature
        self.signedHeaderNames = signedHeaders.split(separator: ";").map { $0.lowercased() }
        self.timestamp = timestamp
        self.date = Self.date(basicFormat: timestamp)
        self.securityToken = value("X-Amz-Security-Token")
        self.expires = value("X-Amz-Expires")
        self.isPresigned = true
        self.signedQuery = query.filter { $0.name != "X-Amz-Signature" }.map { ($0.name, $0.value) }
    }

    /// The credential split at its slashes: exactly five parts, or `IncompleteSignature`.
    func credentialScope() throws(SignatureV4Failure) -> CredentialScope {
        let parts = credential.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5, !parts[0].isEmpty else {
            throw SignatureV4Failure(
                .incompleteSignature,
                "Credential should have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '\(credential)'.")
        }
        return CredentialScope(accessKeyId: parts[0], day: parts[1], region: parts[2], service: parts[3], terminator: parts[4])
    }

    /// `20150830T123600Z` as a date, or nil when it is not in that exact form.
    static func date(basicFormat value: String) -> Date? {
        let utf8 = Array(value.utf8)
        guard utf8.count == 16, utf8[8] == UInt8(ascii: "T"), utf8[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            guard utf8[range].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
            return Int(String(decoding: utf8[range], as: UTF8.self))
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8), let hour = number(9..<11),
            let minute = number(11..<13), let second = number(13..<15)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard components.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: components)
    }

    /// An HTTP `Date` header (`Sun, 30 Aug 2015 12:36:00 GMT`) in SigV4's basic format, or nil.
    static func basicFormat(httpDate value: String) -> String? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: value).map(SignatureV4.timestamp)
    }
}
