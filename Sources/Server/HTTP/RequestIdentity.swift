import CloudModel
import Foundation

/// Who is asking and where: read from the SigV4 credential scope
/// (`Credential=AKID/20261121/us-east-1/ec2/aws4_request`), in the Authorization header or a presigned query.
///
/// By default signatures are not verified: any key is accepted and requests signed long ago still work. Under
/// `serve --verify-signatures` the identity is the one `SignatureVerification` verified, read from the same scope.
struct RequestIdentity: Sendable, Hashable {
    var accessKeyId: String?
    var region: String?
    var service: String?
    /// The account of temporary credentials LocalVPC issued (`GetSessionToken`): their `ASIA…` key does not say it.
    var issuedAccount: String?

    /// An identity from its parts (a verified signer's).
    init(accessKeyId: String?, region: String?, service: String?, issuedAccount: String? = nil) {
        self.accessKeyId = accessKeyId
        self.region = region
        self.service = service
        self.issuedAccount = issuedAccount
    }

    /// Parses the credential scope out of an `Authorization` header value or an `X-Amz-Credential` value.
    ///
    /// Read as UTF-8 bytes: every request is parsed here, and Foundation's `range(of:)` with the `Character` walks
    /// after it were a fifth of the cost of answering a describe from `DescribeAnswerCache`.
    init(authorization: String?, credentialParameter: String? = nil) {
        let credential: Substring.UTF8View?
        if let authorization, let start = Self.end(of: "Credential=", in: authorization.utf8) {
            credential = authorization.utf8[start...].prefix { $0 != UInt8(ascii: ",") && $0 != UInt8(ascii: " ") }
        } else {
            credential = credentialParameter.map { Substring($0).utf8 }
        }
        let parts = credential?.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) ?? []
        accessKeyId = parts.count > 0 ? String(Substring(parts[0])) : nil
        region = parts.count > 2 ? String(Substring(parts[2])) : nil
        service = parts.count > 3 ? String(Substring(parts[3])) : nil
    }

    /// Where the first `marker` in `text` ends, or nil if there is none.
    private static func end(of marker: StaticString, in text: String.UTF8View) -> String.Index? {
        let pattern = UnsafeBufferPointer(start: marker.utf8Start, count: marker.utf8CodeUnitCount)
        guard let first = pattern.first else { return text.startIndex }
        var index = text.startIndex
        while let found = text[index...].firstIndex(of: first) {
            if text[found...].starts(with: pattern) { return text.index(found, offsetBy: pattern.count) }
            index = text.index(after: found)
        }
        return nil
    }

    /// The account and region the request acts in: `account(…)`, and the scope's region or the server's default.
    func scope(motoAccountHeader: String?, configuration: ServerConfiguration) -> AccountRegion {
        AccountRegion(
            account: account(motoAccountHeader: motoAccountHeader, defaultAccount: configuration.defaultAccount),
            region: region ?? configuration.defaultRegion)
    }

    /// The account the request acts as: that of credentials LocalVPC issued, else an explicit `x-moto-account-id`, else
    /// a 12-digit access key id, else the default.
    func account(motoAccountHeader: String?, defaultAccount: String) -> String {
        if let issuedAccount { return issuedAccount }
        if let header = motoAccountHeader, AccountRegion.isAccountId(header) { return header }
        if let key = accessKeyId, AccountRegion.isAccountId(key) { return key }
        return defaultAccount
    }
}
