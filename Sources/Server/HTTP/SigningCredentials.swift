public import Foundation
import SigV4

/// The access keys `serve --verify-signatures` accepts, each with its secret (and session token, if it has one).
///
/// They come from a file in the AWS CLI's `credentials` format (every profile with `aws_access_key_id` and
/// `aws_secret_access_key`) and from the server's own `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`
/// (`AWS_SESSION_TOKEN`). A key's account is read from it as without verification: a 12-digit key is that account.
public struct SigningCredentials: Sendable {
    /// Access key id → credentials.
    let keys: [String: AWSCredentials]

    /// The ids of the keys, sorted (for the start-up log: never the secrets).
    public var accessKeyIds: [String] { keys.keys.sorted() }

    /// Keys from the credentials file's text and an environment; a later source wins for the same key id.
    public init(credentialsFileText: String?, environment: [String: String]) {
        var keys: [String: AWSCredentials] = [:]
        if let text = credentialsFileText {
            let file = AWSConfigFile(kind: .credentials, text: text)
            for section in file.sections.keys.sorted() {
                guard let values = file.sections[section], let id = values["aws_access_key_id"], !id.isEmpty,
                    let secret = values["aws_secret_access_key"], !secret.isEmpty
                else { continue }
                keys[id] = AWSCredentials(accessKeyId: id, secretAccessKey: secret, sessionToken: values["aws_session_token"])
            }
        }
        if let id = environment["AWS_ACCESS_KEY_ID"], !id.isEmpty, let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty {
            keys[id] = AWSCredentials(accessKeyId: id, secretAccessKey: secret, sessionToken: environment["AWS_SESSION_TOKEN"])
        }
        self.keys = keys
    }

    /// Keys from the credentials file at `path` (which must be readable when given) and from `environment`.
    public init(credentialsFile path: String?, environment: [String: String]) throws {
        let text = try path.map { try String(contentsOfFile: $0, encoding: .utf8) }
        self.init(credentialsFileText: text, environment: environment)
    }

    /// The credentials of `accessKeyId`, or nil.
    func credentials(for accessKeyId: String) -> AWSCredentials? { keys[accessKeyId] }
}
