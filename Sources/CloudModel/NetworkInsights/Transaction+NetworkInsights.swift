/// CreateNetworkInsightsPath, DeleteNetworkInsightsPath, and the analyses of a path: recorded with findings that
/// the caller computed from this transaction's `base` (CloudModel does not evaluate paths; the layer above does).
extension Transaction {
    /// Checks and stores a path; a repeated `ClientToken` with the same parameters answers the first path.
    public mutating func createNetworkInsightsPath(_ request: NetworkInsightsPathRequest, tags: TagSet) throws(EC2Error) -> NetworkInsightsPath {
        if let token = request.clientToken, let previous = all(NetworkInsightsPath.self).first(where: { $0.clientToken == token }) {
            guard previous.asks(request) else { throw .idempotentParameterMismatch }
            return previous
        }
        guard NetworkInsightsPathRequest.protocols.contains(request.ipProtocol) else {
            throw .invalidParameterValue("Value (\(request.ipProtocol)) for parameter protocol is invalid. Valid values: tcp, udp.")
        }
        let ports =
            [request.destinationPort]
            + [request.filterAtSource, request.filterAtDestination].flatMap { filter in
                [filter?.sourcePortRange?.from, filter?.sourcePortRange?.to, filter?.destinationPortRange?.from, filter?.destinationPortRange?.to]
            }
        if let bad = ports.compactMap({ $0 }).first(where: { !(0...65535).contains($0) }) {
            throw .invalidParameterValue("Value (\(bad)) for parameter port is invalid. Ports are 0 to 65535.")
        }
        if request.filterAtSource != nil, request.sourceIp != nil || request.destinationPort != nil {
            throw .invalidParameterCombination("FilterAtSource cannot be used with SourceIp or DestinationPort.")
        }
        if request.filterAtDestination != nil, request.destinationIp != nil {
            throw .invalidParameterCombination("FilterAtDestination cannot be used with DestinationIp.")
        }
        guard request.destination != nil || request.filterAtSource?.destinationAddress != nil else {
            throw EC2Error(
                code: "MissingParameter",
                message:
                    "The request must include either the Destination parameter or the FilterAtSource.DestinationAddress parameter. Add the required parameter and retry the request."
            )
        }
        var checked = request
        checked.source = try pathEndpoint(request.source, isDestination: false)
        if let destination = request.destination { checked.destination = try pathEndpoint(destination, isDestination: true) }
        let path = NetworkInsightsPath(id: newId(.networkInsightsPath), scope: scope, request: checked, tags: tags, createdAt: now)
        put(path)
        return path
    }

    /// Deletes a path that has no analyses left (AWS keeps a path while any analysis refers to it).
    public mutating func deleteNetworkInsightsPath(_ id: String) throws(EC2Error) {
        let path = try require(NetworkInsightsPath.self, id)
        guard !all(NetworkInsightsAnalysis.self).contains(where: { $0.networkInsightsPathId == id }) else {
            throw .analysisExistsForNetworkInsightsPath(id)
        }
        delete(path)
    }

    /// The analysis an earlier `StartNetworkInsightsAnalysis` with this `ClientToken` made, if any.
    public func previousNetworkInsightsAnalysis(clientToken: String?, pathId: String) throws(EC2Error) -> NetworkInsightsAnalysis? {
        guard let clientToken, let previous = all(NetworkInsightsAnalysis.self).first(where: { $0.clientToken == clientToken }) else { return nil }
        guard previous.networkInsightsPathId == pathId else { throw .idempotentParameterMismatch }
        return previous
    }

    /// Stores a finished analysis of `path` with the findings computed from `base` at `now`.
    public mutating func recordNetworkInsightsAnalysis(
        of path: NetworkInsightsPath, findings: AnalysisFindings, clientToken: String?, tags: TagSet
    ) -> NetworkInsightsAnalysis {
        let analysis = NetworkInsightsAnalysis(
            id: newId(.networkInsightsAnalysis), scope: scope, networkInsightsPathId: path.id, status: .succeeded, findings: findings,
            clientToken: clientToken, tags: tags, createdAt: now)
        put(analysis)
        return analysis
    }

    public mutating func deleteNetworkInsightsAnalysis(_ id: String) throws(EC2Error) {
        delete(try require(NetworkInsightsAnalysis.self, id))
    }

    /// The id of a path's source or destination, given as an id or an ARN, once it is known to exist here.
    private func pathEndpoint(_ text: String, isDestination: Bool) throws(EC2Error) -> String {
        let notFound = isDestination ? EC2Error.networkInsightsDestinationNotFound(text) : .networkInsightsSourceNotFound(text)
        let (id, arnScope) = AnalysisComponent.id(fromIdOrArn: text)
        if let arnScope, arnScope != scope { throw .unsupportedPathEndpoint(text) }
        if NetworkInsightsPathRequest.unmodelledPrefixes.contains(where: id.hasPrefix) { throw .unsupportedPathEndpoint(id) }
        guard let prefix = NetworkInsightsPathRequest.endpointPrefixes.first(where: { id.hasPrefix($0.rawValue + "-") }) else {
            throw .invalidParameterValue(
                "The \(isDestination ? "destination" : "source") '\(text)' is not a resource Reachability Analyzer supports.")
        }
        guard ResourceId.isWellFormed(id, prefix: prefix) else { throw notFound }
        let exists: Bool
        switch prefix {
        case .instance: exists = get(Instance.self, id).map { $0.state != .terminated } ?? false
        case .networkInterface: exists = get(NetworkInterface.self, id) != nil
        default: exists = get(InternetGateway.self, id) != nil
        }
        guard exists else { throw notFound }
        return id
    }
}
