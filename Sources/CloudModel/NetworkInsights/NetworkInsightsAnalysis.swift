public import Foundation

/// One run of a path's analysis (`nia-…`): when it started, its status, and what it found.
///
/// LocalVPC analyses synchronously: the findings are computed from the state at `StartNetworkInsightsAnalysis`
/// and stored, so every later Describe answers the same thing, as AWS's stored analyses do.
public struct NetworkInsightsAnalysis: IdentifiedResource {
    public static var table: WritableKeyPath<RegionState, PersistentDictionary<String, NetworkInsightsAnalysis>> { \.networkInsightsAnalyses }
    public static let resourceType = "network-insights-analysis"
    public static let idKind = ResourceIdKind.networkInsightsAnalysis
    public var resource: Resource { .networkInsightsAnalysis(self) }
    public static func unwrap(_ resource: Resource) -> Self? {
        if case .networkInsightsAnalysis(let value) = resource { value } else { nil }
    }

    /// `Status`: AWS's `running`, `succeeded`, `failed`.
    public enum Status: String, Sendable, Hashable, Codable {
        case running, succeeded, failed
    }

    public let id: String
    public let scope: AccountRegion
    public let networkInsightsPathId: String
    public var status: Status
    public var statusMessage: String?
    /// What the analysis found; nil while it runs or when it failed.
    public var findings: AnalysisFindings?
    public let filterInArns: [String]
    public let clientToken: String?
    public var tags: TagSet
    /// `StartDate`.
    public let createdAt: Date

    /// Analyses belong to no VPC: they never stand in the way of deleting one.
    public var vpcId: String? { nil }

    /// `arn:aws:ec2:<region>:<account>:network-insights-analysis/nia-…`.
    public var arn: String { AnalysisComponent.arn(for: id, in: scope) ?? id }

    public init(
        id: String, scope: AccountRegion, networkInsightsPathId: String, status: Status, findings: AnalysisFindings?, filterInArns: [String] = [],
        clientToken: String? = nil, tags: TagSet = [:], createdAt: Date
    ) {
        self.id = id
        self.scope = scope
        self.networkInsightsPathId = networkInsightsPathId
        self.status = status
        self.findings = findings
        self.filterInArns = filterInArns
        self.clientToken = clientToken
        self.tags = tags
        self.createdAt = createdAt
    }
}

/// An analysis's answer as stored: whether a path was found, the hops each way, and why not when not.
///
/// Plain model values, in the wire's terms: the reachability evaluator's answer is converted into these above
/// CloudModel, which knows nothing of the evaluator.
public struct AnalysisFindings: Sendable, Hashable, Codable {
    public var networkPathFound: Bool
    public var forwardPath: [AnalysisPathComponent]
    public var returnPath: [AnalysisPathComponent]
    public var explanations: [AnalysisExplanation]

    public init(
        networkPathFound: Bool, forwardPath: [AnalysisPathComponent] = [], returnPath: [AnalysisPathComponent] = [],
        explanations: [AnalysisExplanation] = []
    ) {
        self.networkPathFound = networkPathFound
        self.forwardPath = forwardPath
        self.returnPath = returnPath
        self.explanations = explanations
    }
}
