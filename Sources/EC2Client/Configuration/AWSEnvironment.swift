public import Foundation
public import SigV4

/// Where a client's credentials, region and endpoint come from: environment variables and the
/// shared files, resolved in the AWS CLI's order.
///
/// - Credentials: an explicit profile (`--profile`) reads that profile only. Otherwise
///   `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`) win, then the profile
///   named by `AWS_PROFILE` (or `default`). A profile's keys come from the credentials file
///   (`AWS_SHARED_CREDENTIALS_FILE`, default `~/.aws/credentials`), then the config file
///   (`AWS_CONFIG_FILE`, default `~/.aws/config`).
/// - Region: explicit, then `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's `region`.
/// - Endpoint: see ``EC2Endpoint``.
///
/// The environment and home folder are injected so that tests never read the real ones.
public struct AWSEnvironment: Sendable {
    /// The process environment (or a test's stand-in).
    public var variables: [String: String]
    /// The folder `~` stands for.
    public var homeDirectory: String

    /// An environment; by default the process's own.
    public init(variables: [String: String] = ProcessInfo.processInfo.environment, homeDirectory: String? = nil) {
        self.variables = variables
        self.homeDirectory = homeDirectory ?? variables["HOME"] ?? NSHomeDirectory()
    }

    /// Everything an ``EC2Client`` needs, for an optional explicit profile, region and endpoint.
    public func clientConfiguration(profile: String? = nil, region: String? = nil, endpointURL: String? = nil) throws(EC2ClientError)
        -> EC2Client.Configuration
    {
        let credentials = try credentials(profile: profile)
        let region = try self.region(profile: profile, explicit: region)
        let endpoint = try EC2Endpoint.url(explicit: endpointURL, environment: variables, region: region)
        return EC2Client.Configuration(credentials: credentials, region: region, endpoint: endpoint)
    }

    /// The credentials to sign with, in the AWS CLI's order (see the type's documentation).
    public func credentials(profile explicitProfile: String? = nil) throws(EC2ClientError) -> AWSCredentials {
        if explicitProfile == nil, let key = nonEmpty("AWS_ACCESS_KEY_ID"), let secret = nonEmpty("AWS_SECRET_ACCESS_KEY") {
            return AWSCredentials(accessKeyId: key, secretAccessKey: secret, sessionToken: nonEmpty("AWS_SESSION_TOKEN"))
        }
        let name = explicitProfile ?? profileName
        let fromCredentials = credentialsFile.section(forProfile: name)
        let fromConfig = configFile.section(forProfile: name)
        for section in [fromCredentials, fromConfig] {
            if let section, let key = section["aws_access_key_id"], let secret = section["aws_secret_access_key"], !key.isEmpty, !secret.isEmpty {
                return AWSCredentials(accessKeyId: key, secretAccessKey: secret, sessionToken: section["aws_session_token"])
            }
        }
        if fromCredentials == nil && fromConfig == nil {
            if explicitProfile != nil || variables["AWS_PROFILE"] != nil { throw .profileNotFound(name) }
            throw .noCredentials()
        }
        let unsupported = ["role_arn", "sso_session", "sso_start_url", "credential_process", "web_identity_token_file", "login_session"]
        if let key = unsupported.first(where: { fromConfig?[$0] != nil || fromCredentials?[$0] != nil }) {
            throw .unsupportedCredentialSource(profile: name, key: key)
        }
        throw .noCredentials(profile: name)
    }

    /// The region: explicit, then `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's `region`.
    public func region(profile explicitProfile: String? = nil, explicit: String? = nil) throws(EC2ClientError) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let region = nonEmpty("AWS_REGION") ?? nonEmpty("AWS_DEFAULT_REGION") { return region }
        let name = explicitProfile ?? profileName
        if let region = configFile.section(forProfile: name)?["region"] ?? credentialsFile.section(forProfile: name)?["region"], !region.isEmpty {
            return region
        }
        throw .noRegion()
    }

    /// `AWS_PROFILE`, or `default`.
    public var profileName: String { nonEmpty("AWS_PROFILE") ?? "default" }

    /// The shared credentials file (`AWS_SHARED_CREDENTIALS_FILE`, default `~/.aws/credentials`).
    public var credentialsFile: AWSConfigFile {
        AWSConfigFile(kind: .credentials, contentsOf: expand(nonEmpty("AWS_SHARED_CREDENTIALS_FILE") ?? "~/.aws/credentials"))
    }

    /// The shared config file (`AWS_CONFIG_FILE`, default `~/.aws/config`).
    public var configFile: AWSConfigFile {
        AWSConfigFile(kind: .config, contentsOf: expand(nonEmpty("AWS_CONFIG_FILE") ?? "~/.aws/config"))
    }

    private func nonEmpty(_ name: String) -> String? {
        guard let value = variables[name], !value.isEmpty else { return nil }
        return value
    }

    private func expand(_ path: String) -> String {
        path == "~" || path.hasPrefix("~/") ? homeDirectory + path.dropFirst() : path
    }
}
