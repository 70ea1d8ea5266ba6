/// What an instance's metadata service (IMDS) allows: `MetadataOptions` of RunInstances, launch templates,
/// ModifyInstanceMetadataOptions and DescribeInstances.
///
/// LocalVPC's instances apply a change at once: the modify call answers `pending`, as AWS's does, and DescribeInstances
/// shows `applied`. Issue 13's metadata service serves instances from these values.
public struct InstanceMetadataOptions: Sendable, Hashable, Codable {
    /// `HttpTokens`: whether IMDSv1 (no token) still answers.
    public enum Tokens: String, Sendable, Hashable, Codable, CaseIterable {
        case optional, required
    }

    /// `HttpEndpoint`, `HttpProtocolIpv6`, `InstanceMetadataTags`.
    public enum Switch: String, Sendable, Hashable, Codable, CaseIterable {
        case enabled, disabled
    }

    public var httpTokens: Tokens
    public var httpPutResponseHopLimit: Int
    public var httpEndpoint: Switch
    public var httpProtocolIpv6: Switch
    public var instanceMetadataTags: Switch

    /// The hop limits AWS accepts.
    public static let hopLimits = 1...64

    public init(
        httpTokens: Tokens = .optional, httpPutResponseHopLimit: Int = 1, httpEndpoint: Switch = .enabled, httpProtocolIpv6: Switch = .disabled,
        instanceMetadataTags: Switch = .disabled
    ) {
        self.httpTokens = httpTokens
        self.httpPutResponseHopLimit = httpPutResponseHopLimit
        self.httpEndpoint = httpEndpoint
        self.httpProtocolIpv6 = httpProtocolIpv6
        self.instanceMetadataTags = instanceMetadataTags
    }

    /// The options an instance launched from `image` gets when neither the launch nor its template sets them.
    ///
    /// AWS's order of precedence: what the launch says, then the account's defaults
    /// (ModifyInstanceMetadataDefaults, which LocalVPC does not serve: no account has any), then the image: an image
    /// with `ImdsSupport` `v2.0` (Amazon Linux 2023) gives IMDSv2 only with a hop limit of 2; then IMDSv1 allowed
    /// with a hop limit of 1. An image LocalVPC does not know gives the last.
    public static func defaults(for image: Image?) -> Self {
        image?.imdsSupport == "v2.0" ? Self(httpTokens: .required, httpPutResponseHopLimit: 2) : Self()
    }

    /// A change to some of the options: what a launch or ModifyInstanceMetadataOptions says; nil keeps the value.
    public struct Change: Sendable, Hashable {
        public var httpTokens: Tokens?
        public var httpPutResponseHopLimit: Int?
        public var httpEndpoint: Switch?
        public var httpProtocolIpv6: Switch?
        public var instanceMetadataTags: Switch?

        public init(
            httpTokens: Tokens? = nil, httpPutResponseHopLimit: Int? = nil, httpEndpoint: Switch? = nil, httpProtocolIpv6: Switch? = nil,
            instanceMetadataTags: Switch? = nil
        ) {
            self.httpTokens = httpTokens
            self.httpPutResponseHopLimit = httpPutResponseHopLimit
            self.httpEndpoint = httpEndpoint
            self.httpProtocolIpv6 = httpProtocolIpv6
            self.instanceMetadataTags = instanceMetadataTags
        }

        /// The change the wire's strings ask for, refusing values AWS does not know and hop limits outside 1-64.
        public static func parse(
            httpTokens: String?, httpPutResponseHopLimit: Int?, httpEndpoint: String?, httpProtocolIpv6: String?, instanceMetadataTags: String?
        ) throws(EC2Error) -> Change {
            if let limit = httpPutResponseHopLimit, !InstanceMetadataOptions.hopLimits.contains(limit) {
                throw .invalidHopLimit(limit)
            }
            return Change(
                httpTokens: try parse(httpTokens, Tokens.self, parameter: "HttpTokens"), httpPutResponseHopLimit: httpPutResponseHopLimit,
                httpEndpoint: try parse(httpEndpoint, Switch.self, parameter: "HttpEndpoint"),
                httpProtocolIpv6: try parse(httpProtocolIpv6, Switch.self, parameter: "HttpProtocolIpv6"),
                instanceMetadataTags: try parse(instanceMetadataTags, Switch.self, parameter: "InstanceMetadataTags"))
        }

        /// Whether the change sets nothing.
        public var isEmpty: Bool { self == Change() }

        /// This change with what `other` does not set taken from `other`: a launch over its template.
        public func filling(from other: Change) -> Change {
            Change(
                httpTokens: httpTokens ?? other.httpTokens, httpPutResponseHopLimit: httpPutResponseHopLimit ?? other.httpPutResponseHopLimit,
                httpEndpoint: httpEndpoint ?? other.httpEndpoint, httpProtocolIpv6: httpProtocolIpv6 ?? other.httpProtocolIpv6,
                instanceMetadataTags: instanceMetadataTags ?? other.instanceMetadataTags)
        }

        private static func parse<Value: RawRepresentable & CaseIterable>(
            _ text: String?, _ type: Value.Type, parameter: String
        ) throws(EC2Error) -> Value? where Value.RawValue == String {
            guard let text else { return nil }
            guard let value = Value(rawValue: text) else {
                throw .invalidEnumValue(text, parameter: parameter, allowed: Value.allCases.map(\.rawValue))
            }
            return value
        }
    }

    /// These options with what `change` sets.
    public func applying(_ change: Change) -> Self {
        var result = self
        if let value = change.httpTokens { result.httpTokens = value }
        if let value = change.httpPutResponseHopLimit { result.httpPutResponseHopLimit = value }
        if let value = change.httpEndpoint { result.httpEndpoint = value }
        if let value = change.httpProtocolIpv6 { result.httpProtocolIpv6 = value }
        if let value = change.instanceMetadataTags { result.instanceMetadataTags = value }
        return result
    }
}
