public import Addressing

/// What `CreateNetworkInsightsPath` asks for, parsed from the wire; checked by `createNetworkInsightsPath`.
public struct NetworkInsightsPathRequest: Sendable, Hashable {
    /// The source's id or ARN.
    public var source: String
    /// The destination's id or ARN.
    public var destination: String?
    public var sourceIp: IPAddress?
    public var destinationIp: IPAddress?
    public var ipProtocol: String
    public var destinationPort: Int?
    public var filterAtSource: PathFilter?
    public var filterAtDestination: PathFilter?
    public var clientToken: String?

    public init(
        source: String, destination: String? = nil, sourceIp: IPAddress? = nil, destinationIp: IPAddress? = nil, ipProtocol: String,
        destinationPort: Int? = nil, filterAtSource: PathFilter? = nil, filterAtDestination: PathFilter? = nil, clientToken: String? = nil
    ) {
        self.source = source
        self.destination = destination
        self.sourceIp = sourceIp
        self.destinationIp = destinationIp
        self.ipProtocol = ipProtocol
        self.destinationPort = destinationPort
        self.filterAtSource = filterAtSource
        self.filterAtDestination = filterAtDestination
        self.clientToken = clientToken
    }

    /// The protocols a path may name: AWS's `tcp` and `udp`, and LocalVPC's `icmp` (ping), which AWS refuses.
    public static let protocols: Set<String> = ["tcp", "udp", "icmp"]

    /// The resource kinds LocalVPC analyses from and to, by id prefix.
    public static let endpointPrefixes: [ResourceId.Prefix] = [.instance, .networkInterface, .internetGateway]

    /// Kinds AWS analyses that LocalVPC does not model yet, by id prefix: refused rather than misanalysed.
    static let unmodelledPrefixes = ["vpce-", "tgw-", "tgw-attach-", "vgw-", "pcx-", "nat-", "vpn-", "cgw-", "eigw-"]
}
