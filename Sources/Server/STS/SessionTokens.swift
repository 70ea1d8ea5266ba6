import Foundation
import SigV4
import Synchronization

/// Temporary credentials issued by STS `GetSessionToken`: an `ASIA…` key, its secret and its session token, for the
/// account that asked, until they expire. Kept in memory: a restart forgets them, as if they had all expired.
final class SessionTokens: Sendable {
    /// One issued set of credentials and whose they are.
    struct Issued: Sendable, Hashable {
        var credentials: AWSCredentials
        var account: String
        var expiration: Date
    }

    /// STS's bounds on `DurationSeconds` for GetSessionToken (15 minutes to 36 hours), and its default (12 hours).
    static let durations = 900...129_600
    static let defaultDuration = 43_200

    private let table = Mutex<[String: Issued]>([:])

    /// New credentials for `account`, valid for `seconds` from `now`. Those expired over a day ago are forgotten
    /// meanwhile (the table stays small); until then an expired key is still told apart from one never issued.
    func issue(account: String, seconds: Int, now: Date) -> Issued {
        let credentials = AWSCredentials(
            accessKeyId: "ASIA" + Self.random(16, from: "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
            secretAccessKey: Self.random(40, from: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"),
            sessionToken: "LocalVPC" + Self.random(200, from: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"))
        let entry = Issued(credentials: credentials, account: account, expiration: now.addingTimeInterval(TimeInterval(seconds)))
        table.withLock { table in
            table = table.filter { $0.value.expiration > now.addingTimeInterval(-86_400) }
            table[credentials.accessKeyId] = entry
        }
        return entry
    }

    /// The credentials issued with `accessKeyId`, expired or not, or nil.
    func issued(_ accessKeyId: String) -> Issued? {
        table.withLock { $0[accessKeyId] }
    }

    private static func random(_ count: Int, from alphabet: String) -> String {
        let characters = Array(alphabet)
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in characters[Int.random(in: 0..<characters.count, using: &generator)] })
    }
}
