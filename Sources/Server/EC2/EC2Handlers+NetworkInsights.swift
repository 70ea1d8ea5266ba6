import AWSTimestamp
import Addressing
import CloudModel
import EC2Protocol
import Foundation

/// Reachability Analyzer: paths, and analyses computed at once from the state of the moment by the one evaluator.
extension EC2Handlers {
    func createNetworkInsightsPath(_ request: EC2.CreateNetworkInsightsPathRequest, context: Context) async throws
        -> EC2.CreateNetworkInsightsPathResult
    {
        let pathRequest = NetworkInsightsPathRequest(
            source: request.source, destination: request.destination, sourceIp: try Self.address(request.sourceIp, "SourceIp"),
            destinationIp: try Self.address(request.destinationIp, "DestinationIp"), ipProtocol: request.protocol,
            destinationPort: request.destinationPort, filterAtSource: try PathFilter(request.filterAtSource, "FilterAtSource"),
            filterAtDestination: try PathFilter(request.filterAtDestination, "FilterAtDestination"), clientToken: request.clientToken)
        let tags = try TagSet.creating(NetworkInsightsPath.resourceType, from: TagSpecification.from(request.tagSpecifications))
        let path = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.createNetworkInsightsPath(pathRequest, tags: tags)
        }
        return EC2.CreateNetworkInsightsPathResult(networkInsightsPath: EC2.NetworkInsightsPath(path))
    }

    func deleteNetworkInsightsPath(_ request: EC2.DeleteNetworkInsightsPathRequest, context: Context) async throws
        -> EC2.DeleteNetworkInsightsPathResult
    {
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.deleteNetworkInsightsPath(request.networkInsightsPathId)
        }
        return EC2.DeleteNetworkInsightsPathResult(networkInsightsPathId: request.networkInsightsPathId)
    }

    func describeNetworkInsightsPaths(_ request: EC2.DescribeNetworkInsightsPathsRequest, context: Context) async throws
        -> EC2.DescribeNetworkInsightsPathsResult
    {
        let (page, _) = try await describe(
            NetworkInsightsPath.self, context, dryRun: request.dryRun, ids: request.networkInsightsPathIds, filters: request.filters,
            maxResults: request.maxResults, nextToken: request.nextToken, maxResultsRange: 1...100)
        return EC2.DescribeNetworkInsightsPathsResult(networkInsightsPaths: page.items.map(EC2.NetworkInsightsPath.init), nextToken: page.nextToken)
    }

    /// Runs the analysis inside the command, on the very state it commits against, and stores the findings. The
    /// answer says `running`, as AWS's does; the analysis is `succeeded` by the first Describe.
    func startNetworkInsightsAnalysis(_ request: EC2.StartNetworkInsightsAnalysisRequest, context: Context) async throws
        -> EC2.StartNetworkInsightsAnalysisResult
    {
        try Unsupported.refuse(
            [
                "AdditionalAccounts": request.additionalAccounts?.first, "FilterInArns": request.filterInArns?.first,
                "FilterOutArns": request.filterOutArns?.first,
            ])
        let tags = try TagSet.creating(NetworkInsightsAnalysis.resourceType, from: TagSpecification.from(request.tagSpecifications))
        let analysis = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            let path = try transaction.require(NetworkInsightsPath.self, request.networkInsightsPathId)
            if let previous = try transaction.previousNetworkInsightsAnalysis(clientToken: request.clientToken, pathId: path.id) {
                return previous
            }
            let findings = AnalysisFindings(analyzing: path, in: transaction.base, at: transaction.now)
            return transaction.recordNetworkInsightsAnalysis(of: path, findings: findings, clientToken: request.clientToken, tags: tags)
        }
        var wire = EC2.NetworkInsightsAnalysis(analysis, withFindings: false)
        wire.status = NetworkInsightsAnalysis.Status.running.rawValue
        return EC2.StartNetworkInsightsAnalysisResult(networkInsightsAnalysis: wire)
    }

    func describeNetworkInsightsAnalyses(_ request: EC2.DescribeNetworkInsightsAnalysesRequest, context: Context) async throws
        -> EC2.DescribeNetworkInsightsAnalysesResult
    {
        let (all, state) = try await describe(
            NetworkInsightsAnalysis.self, context, dryRun: request.dryRun, ids: request.networkInsightsAnalysisIds, filters: request.filters,
            maxResults: nil, nextToken: nil)
        if let pathId = request.networkInsightsPathId {
            try NetworkInsightsPath.idKind.validate(pathId)
            guard state.get(NetworkInsightsPath.self, pathId, in: context.scope) != nil else { throw NetworkInsightsPath.idKind.notFound([pathId]) }
        }
        // Compared as the wire shows the start date, so the exact `StartDate` a client printed selects its analysis
        // as a start or an end time.
        let selected = all.items.filter { analysis in
            let startDate = AWSTimestamp.truncated(analysis.createdAt)
            return (request.networkInsightsPathId.map { analysis.networkInsightsPathId == $0 } ?? true)
                && (request.analysisStartTime.map { startDate >= AWSTimestamp.truncated($0) } ?? true)
                && (request.analysisEndTime.map { startDate <= AWSTimestamp.truncated($0) } ?? true)
        }
        let page = try state.paginate(
            selected, query: DescribeQuery(maxResults: request.maxResults, nextToken: request.nextToken, maxResultsRange: 1...100)
        ) { ($0.createdAt, $0.id) }
        return EC2.DescribeNetworkInsightsAnalysesResult(
            networkInsightsAnalyses: page.items.map { EC2.NetworkInsightsAnalysis($0, withFindings: true) }, nextToken: page.nextToken)
    }

    func deleteNetworkInsightsAnalysis(_ request: EC2.DeleteNetworkInsightsAnalysisRequest, context: Context) async throws
        -> EC2.DeleteNetworkInsightsAnalysisResult
    {
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.deleteNetworkInsightsAnalysis(request.networkInsightsAnalysisId)
        }
        return EC2.DeleteNetworkInsightsAnalysisResult(networkInsightsAnalysisId: request.networkInsightsAnalysisId)
    }

    /// An address parameter, or AWS's refusal of a malformed one. AWS takes IPv4 addresses only; LocalVPC also takes
    /// IPv6 ones (a documented extension, like ICMP), so that IPv6 paths can be analysed.
    static func address(_ text: String?, _ parameter: String) throws(EC2Error) -> IPAddress? {
        guard let text else { return nil }
        guard let address = IPAddress(text) else {
            throw EC2Error.invalidParameterValue("Value (\(text)) for parameter \(parameter) is invalid. This is not a valid IPv4 address.")
        }
        return address
    }
}

extension PathFilter {
    /// A request's `FilterAtSource` / `FilterAtDestination`; nil when absent or empty.
    init?(_ filter: EC2.PathRequestFilter?, _ parameter: String) throws(EC2Error) {
        guard let filter else { return nil }
        func range(_ range: EC2.RequestFilterPortRange?) -> AnalysisPortRange? {
            range.flatMap { $0.fromPort == nil && $0.toPort == nil ? nil : AnalysisPortRange(from: $0.fromPort, to: $0.toPort) }
        }
        self.init(
            sourceAddress: try EC2Handlers.address(filter.sourceAddress, "\(parameter).SourceAddress"),
            sourcePortRange: range(filter.sourcePortRange),
            destinationAddress: try EC2Handlers.address(filter.destinationAddress, "\(parameter).DestinationAddress"),
            destinationPortRange: range(filter.destinationPortRange))
        if self == PathFilter() { return nil }
    }
}
