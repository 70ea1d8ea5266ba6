import Foundation
import Synchronization

/// The IMDSv2 session tokens the service has handed out: each bound to the instance that asked for it and valid for
/// the seconds it asked (1–21600) on the server's clock, so moving the clock expires tokens as it would on AWS.
///
/// Tokens live in memory only: a restarted server has forgotten them, as a rebooted host would, and clients ask again.
final class MetadataTokens: Sendable {
    /// `X-aws-ec2-metadata-token-ttl-seconds`: what AWS accepts.
    static let lifetimes = 1...21600

    private struct Token {
        let instanceId: String
        let expires: Date
    }

    private let tokens = Mutex<[String: Token]>([:])

    /// A new token for `instanceId`, valid for `seconds` from `now`.
    func issue(for instanceId: String, seconds: Int, now: Date) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<40).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let token = Data(bytes).base64EncodedString()
        tokens.withLock { tokens in
            tokens = tokens.filter { $0.value.expires > now }
            tokens[token] = Token(instanceId: instanceId, expires: now.addingTimeInterval(TimeInterval(seconds)))
        }
        return token
    }

    /// The seconds `token` has left when `instanceId` presents it at `now`; nil when it is unknown, expired, or another
    /// instance's (a token copied to a second instance is worth nothing there).
    func secondsLeft(of token: String, for instanceId: String, now: Date) -> Int? {
        tokens.withLock { tokens in
            guard let found = tokens[token], found.instanceId == instanceId else { return nil }
            guard found.expires > now else {
                tokens[token] = nil
                return nil
            }
            return Int(found.expires.timeIntervalSince(now).rounded(.up))
        }
    }
}
