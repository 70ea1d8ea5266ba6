/// One AWS service a VPC endpoint can reach, in one region and of one endpoint type, as DescribeVpcEndpointServices
/// lists it (S3 and DynamoDB are listed twice under one name: once as `Gateway`, once as `Interface`).
public struct VpcEndpointService: Sendable, Hashable {
    /// `com.amazonaws.REGION.SERVICE`.
    public let name: String
    public let region: String
    public let type: VpcEndpoint.EndpointType
    /// `BaseEndpointDnsNames`: `ec2.us-east-1.vpce.amazonaws.com` (interface), `s3.us-east-1.amazonaws.com` (gateway).
    public let baseEndpointDnsName: String
    /// The service's own name that private DNS answers inside the VPC (`ec2.us-east-1.amazonaws.com`); interface
    /// endpoints of services that have one.
    public let privateDnsName: String?
    /// Whether CreateVpcEndpoint turns private DNS on when the request does not say (S3's interface endpoints,
    /// which came before S3's private DNS, do not).
    public let privateDnsByDefault: Bool
    public let endpointPolicySupported: Bool
    /// `SupportedIpAddressTypes`: `ipv4`, and `ipv6` for services that answer over IPv6 too.
    public let supportsIpv6: Bool
    /// Whether the endpoint's DNS names start with `*.` (S3's, so that bucket names can come first).
    public let wildcardDnsNames: Bool
    /// Whether the service has both gateway and interface endpoints, so that an interface endpoint's private DNS
    /// can leave the VPC's own traffic on the gateway endpoint (`PrivateDnsOnlyForInboundResolverEndpoint`).
    public let hasGatewayEndpoints: Bool
    /// The zones it is offered in: all of the region's.
    public let availabilityZones: [RegionCatalog.AvailabilityZone]

    /// `ServiceId`: `vpce-svc-` and 17 hex digits, the same for a service in a region on every run.
    public var serviceId: String {
        "vpce-svc-0\(StableHash.hex16("\(region)|\(name)|\(type.rawValue)"))"
    }

    /// `SupportedIpAddressTypes`.
    public var supportedIpAddressTypes: [String] { supportsIpv6 ? ["ipv4", "ipv6"] : ["ipv4"] }

    /// The id of the public hosted zone of the region's `vpce.amazonaws.com` names, which `DnsEntries` name.
    ///
    /// us-east-1's is AWS's own (as AWS's examples show it); for the other regions LocalVPC makes up a stable id of
    /// the same shape rather than pass off a guess as AWS's.
    public var vpceHostedZoneId: String { Self.vpceHostedZoneId(region: region) }

    static func vpceHostedZoneId(region: String) -> String {
        if region == "us-east-1" { return "Z7HUB22UULQXV" }
        return "Z" + String(StableHash.hex16("vpce|\(region)").uppercased().prefix(12))
    }
}

/// A deterministic 64-bit FNV-1a hash, for ids that must not change between runs (Swift's `Hasher` is seeded per
/// process).
enum StableHash {
    static func value(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    /// The hash as 16 lowercase hex digits.
    static func hex16(_ text: String) -> String {
        let digits = String(value(text), radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
