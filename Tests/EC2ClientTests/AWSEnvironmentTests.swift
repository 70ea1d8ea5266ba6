import EC2Client
import Foundation
import SigV4
import Testing

/// Credentials, region and endpoint resolved in the AWS CLI's order, from temporary files only.
struct AWSEnvironmentTests {
    /// A temporary home with `.aws/credentials` and `.aws/config`.
    struct Home {
        let path: String

        init(credentials: String = "", config: String = "") throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("ec2client-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path + "/.aws", withIntermediateDirectories: true)
            try credentials.write(toFile: path + "/.aws/credentials", atomically: true, encoding: .utf8)
            try config.write(toFile: path + "/.aws/config", atomically: true, encoding: .utf8)
        }

        func environment(_ variables: [String: String] = [:]) -> AWSEnvironment {
            AWSEnvironment(variables: variables, homeDirectory: path)
        }
    }

    static let credentialsFile = """
        [default]
        aws_access_key_id = AKIDDEFAULT
        aws_secret_access_key = secret-default

        # a comment
        [dev]
        aws_access_key_id=AKIDDEV
        aws_secret_access_key=secret-dev
        aws_session_token = token-dev
        """

    static let configFile = """
        [default]
        region = us-west-2

        [profile dev]
        region = eu-west-1
        s3 =
          max_concurrent_requests = 10

        [profile config-only]
        aws_access_key_id = AKIDCONFIG
        aws_secret_access_key = secret-config
        region = ap-south-1

        [profile sso]
        sso_session = corp
        region = us-east-2

        [dev]
        region = not-a-profile-section
        """

    @Test func environmentKeysWinOverTheDefaultProfile() throws {
        let home = try Home(credentials: Self.credentialsFile, config: Self.configFile)
        let env = home.environment(["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "secret-env", "AWS_SESSION_TOKEN": "tok"])
        #expect(try env.credentials() == AWSCredentials(accessKeyId: "AKIDENV", secretAccessKey: "secret-env", sessionToken: "tok"))
    }

    @Test func anExplicitProfileWinsOverEnvironmentKeys() throws {
        let home = try Home(credentials: Self.credentialsFile, config: Self.configFile)
        let env = home.environment(["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "secret-env"])
        #expect(
            try env.credentials(profile: "dev") == AWSCredentials(accessKeyId: "AKIDDEV", secretAccessKey: "secret-dev", sessionToken: "token-dev"))
    }

    @Test func awsProfileChoosesTheProfileWhenThereAreNoEnvironmentKeys() throws {
        let home = try Home(credentials: Self.credentialsFile, config: Self.configFile)
        let env = home.environment(["AWS_PROFILE": "dev"])
        #expect(try env.credentials().accessKeyId == "AKIDDEV")
        #expect(try env.region() == "eu-west-1")
        #expect(try home.environment().credentials().accessKeyId == "AKIDDEFAULT")
        #expect(try home.environment().region() == "us-west-2")
    }

    @Test func configFileKeysAndSectionNames() throws {
        let home = try Home(credentials: Self.credentialsFile, config: Self.configFile)
        let env = home.environment()
        #expect(try env.credentials(profile: "config-only").accessKeyId == "AKIDCONFIG")
        #expect(try env.region(profile: "config-only") == "ap-south-1")
        // `[dev]` in the config file is not profile dev: only `[profile dev]` is.
        #expect(try env.region(profile: "dev") == "eu-west-1")
        #expect(env.configFile.sections["profile dev"]?["s3"] == "")
        #expect(env.configFile.sections["profile dev"]?["max_concurrent_requests"] == nil)
    }

    @Test func regionOrder() throws {
        let home = try Home(credentials: Self.credentialsFile, config: Self.configFile)
        #expect(try home.environment(["AWS_REGION": "r1", "AWS_DEFAULT_REGION": "r2"]).region(profile: "dev") == "r1")
        #expect(try home.environment(["AWS_DEFAULT_REGION": "r2"]).region(profile: "dev") == "r2")
        #expect(try home.environment(["AWS_REGION": "r1"]).region(explicit: "r0") == "r0")
        #expect(throws: EC2ClientError.noRegion()) { try Home().environment().region() }
    }

    @Test func filesNamedByTheEnvironment() throws {
        let home = try Home()
        let other = try Home(credentials: "[x]\naws_access_key_id = K\naws_secret_access_key = S\n", config: "[profile x]\nregion = sa-east-1\n")
        let env = home.environment([
            "AWS_SHARED_CREDENTIALS_FILE": other.path + "/.aws/credentials", "AWS_CONFIG_FILE": other.path + "/.aws/config", "AWS_PROFILE": "x",
        ])
        #expect(try env.credentials() == AWSCredentials(accessKeyId: "K", secretAccessKey: "S"))
        #expect(try env.region() == "sa-east-1")
    }

    @Test func missingAndUnsupportedCredentials() throws {
        let home = try Home(credentials: Self.credentialsFile, config: Self.configFile)
        #expect(throws: EC2ClientError.profileNotFound("nope")) { try home.environment().credentials(profile: "nope") }
        #expect(throws: EC2ClientError.profileNotFound("nope")) { try home.environment(["AWS_PROFILE": "nope"]).credentials() }
        #expect(throws: EC2ClientError.noCredentials()) { try Home().environment().credentials() }
        #expect(throws: EC2ClientError.unsupportedCredentialSource(profile: "sso", key: "sso_session")) {
            try home.environment().credentials(profile: "sso")
        }
    }

    @Test func clientConfigurationCombinesAllThree() throws {
        let home = try Home(credentials: Self.credentialsFile, config: Self.configFile)
        let configuration = try home.environment(["AWS_ENDPOINT_URL": "http://127.0.0.1:4566"]).clientConfiguration(profile: "dev")
        #expect(configuration.credentials.accessKeyId == "AKIDDEV")
        #expect(configuration.region == "eu-west-1")
        #expect(configuration.endpoint.absoluteString == "http://127.0.0.1:4566")
    }

    @Test(
        arguments: [
            ("http://explicit:1", ["AWS_ENDPOINT_URL_EC2": "http://ec2:2", "AWS_ENDPOINT_URL": "http://all:3"], "us-east-1", "http://explicit:1"),
            (nil, ["AWS_ENDPOINT_URL_EC2": "http://ec2:2", "AWS_ENDPOINT_URL": "http://all:3"], "us-east-1", "http://ec2:2"),
            (nil, ["AWS_ENDPOINT_URL": "http://all:3"], "us-east-1", "http://all:3"),
            (nil, ["AWS_ENDPOINT_URL": ""], "eu-central-1", "https://ec2.eu-central-1.amazonaws.com"),
            (nil, [:], "cn-north-1", "https://ec2.cn-north-1.amazonaws.com.cn"),
        ] as [(String?, [String: String], String, String)])
    func endpointOrder(explicit: String?, environment: [String: String], region: String, expected: String) throws {
        #expect(try EC2Endpoint.url(explicit: explicit, environment: environment, region: region).absoluteString == expected)
    }

    @Test(arguments: ["ftp://host", "not a url", "http://"])
    func endpointMustBeHTTP(text: String) {
        #expect(throws: EC2ClientError.invalidEndpoint(text)) { try EC2Endpoint.url(explicit: text, environment: [:], region: "us-east-1") }
    }
}
