public import Addressing
public import Foundation

/// A Reachability Analyzer path (`nip-…`): the question "can this source reach that destination with this
/// traffic?". It stores the question only; each `StartNetworkInsightsAnalysis` answers it anew from the
/// state of that moment.
public struct NetworkInsightsPath: IdentifiedResource {
    public static var table: WritableKeyPath<RegionState, PersistentDictionary<String, NetworkInsightsPath>> { \.networkInsightsPaths }
    public static let resourceType = "network-insights-path"
    public static let idKind = ResourceIdKind.networkInsightsPath
    public var resource: Resource { .networkInsightsPath(self) }
    public static func unwrap(_ resource: Resource) -> Self? {
        if case .networkInsightsPath(let value) = resource { value } else { nil }
    }

    public let id: String
    public let scope: AccountRegion
    /// The source's id: an instance, a network interface or an internet gateway (an ARN is stored as its id).
    public let source: String
    /// The destination's id, when the path names one (else `filterAtSource.destinationAddress` says where).
    public let destination: String?
    public let sourceIp: IPAddress?
    public let destinationIp: IPAddress?
    /// `tcp` or `udp` as AWS accepts; LocalVPC also accepts `icmp` (with `destinationPort` as the ICMP type).
    public let ipProtocol: String
    public let destinationPort: Int?
    public let filterAtSource: PathFilter?
    public let filterAtDestination: PathFilter?
    /// The `ClientToken` it was created with: a repeat of the same request answers this path.
    public let clientToken: String?
    public var tags: TagSet
    public let createdAt: Date

    /// Paths belong to no VPC: they never stand in the way of deleting one.
    public var vpcId: String? { nil }

    /// `arn:aws:ec2:<region>:<account>:network-insights-path/nip-…`.
    public var arn: String { AnalysisComponent.arn(for: id, in: scope) ?? id }

    /// The port the analysis sends to: `DestinationPort`, else a single-port `DestinationPortRange` of a filter.
    public var analysedPort: Int? {
        if let destinationPort { return destinationPort }
        for range in [filterAtSource?.destinationPortRange, filterAtDestination?.destinationPortRange] {
            if let range, let from = range.from, from == (range.to ?? from) { return from }
        }
        return nil
    }

    /// The destination address the analysis aims at, when the path gives one.
    public var analysedDestinationIp: IPAddress? {
        destinationIp ?? filterAtSource?.destinationAddress ?? filterAtDestination?.destinationAddress
    }

    /// The source address the analysis sends from, when the path gives one.
    public var analysedSourceIp: IPAddress? {
        sourceIp ?? filterAtSource?.sourceAddress ?? filterAtDestination?.sourceAddress
    }

    public init(id: String, scope: AccountRegion, request: NetworkInsightsPathRequest, tags: TagSet, createdAt: Date) {
        self.id = id
        self.scope = scope
        self.source = request.source
        self.destination = request.destination
        self.sourceIp = request.sourceIp
        self.destinationIp = request.destinationIp
        self.ipProtocol = request.ipProtocol
        self.destinationPort = request.destinationPort
        self.filterAtSource = request.filterAtSource
        self.filterAtDestination = request.filterAtDestination
        self.clientToken = request.clientToken
        self.tags = tags
        self.createdAt = createdAt
    }

    /// Whether this path asks what `request` asks (for `ClientToken` idempotency).
    func asks(_ request: NetworkInsightsPathRequest) -> Bool {
        source == request.source && destination == request.destination && sourceIp == request.sourceIp && destinationIp == request.destinationIp
            && ipProtocol == request.ipProtocol && destinationPort == request.destinationPort && filterAtSource == request.filterAtSource
            && filterAtDestination == request.filterAtDestination
    }
}

/// `FilterAtSource` / `FilterAtDestination`: addresses and port ranges that scope a path.
public struct PathFilter: Sendable, Hashable, Codable {
    public var sourceAddress: IPAddress?
    public var sourcePortRange: AnalysisPortRange?
    public var destinationAddress: IPAddress?
    public var destinationPortRange: AnalysisPortRange?

    public init(
        sourceAddress: IPAddress? = nil, sourcePortRange: AnalysisPortRange? = nil, destinationAddress: IPAddress? = nil,
        destinationPortRange: AnalysisPortRange? = nil
    ) {
        self.sourceAddress = sourceAddress
        self.sourcePortRange = sourcePortRange
        self.destinationAddress = destinationAddress
        self.destinationPortRange = destinationPortRange
    }
}

/// A port range as Network Insights writes it (`From`/`To`, `FromPort`/`ToPort`).
public struct AnalysisPortRange: Sendable, Hashable, Codable {
    public var from: Int?
    public var to: Int?

    public init(from: Int?, to: Int?) {
        self.from = from
        self.to = to
    }
}
