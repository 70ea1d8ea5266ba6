public import EC2Client
import Foundation

/// `localvpc reach` and `doctor` over the EC2 API, against any endpoint (LocalVPC or AWS itself): each question
/// is a Network Insights path, analysed, read, then deleted with its analysis so nothing is left behind.
public struct ReachabilityClient: Sendable {
    /// The client of the account and region the endpoints are in.
    public let client: EC2Client
    /// How long to wait for one analysis (AWS's take tens of seconds; LocalVPC's are done at once).
    public var timeout: Duration

    /// A client for `client`'s account and region.
    public init(client: EC2Client, timeout: Duration = .seconds(180)) {
        self.client = client
        self.timeout = timeout
    }

    /// What is sent: `tcp`, `udp` or `icmp`, and the destination port (the ICMP type for `icmp`; nil for any).
    public struct Traffic: Sendable, Hashable {
        public var ipProtocol: String
        public var port: Int?

        /// Traffic from its parts.
        public init(ipProtocol: String, port: Int? = nil) {
            self.ipProtocol = ipProtocol
            self.port = port
        }
    }

    /// Analyses `traffic` from `source` to `destination`: CreateNetworkInsightsPath, StartNetworkInsightsAnalysis,
    /// DescribeNetworkInsightsAnalyses until it is done, then DeleteNetworkInsightsAnalysis and DeleteNetworkInsightsPath.
    public func analyze(from source: Endpoint, to destination: Endpoint, _ traffic: Traffic) async throws -> PathReport {
        let parameters = try await pathParameters(source, destination, traffic) + [("ClientToken", UUID().uuidString)]
        let created = try await client.call("CreateNetworkInsightsPath", parameters)
        guard let pathId = created.text("networkInsightsPath/networkInsightsPathId") else {
            throw EC2ClientError.unexpectedResponse(status: 200, body: "CreateNetworkInsightsPath answered no path id")
        }
        var analysisId: String?
        do {
            let started = try await client.call(
                "StartNetworkInsightsAnalysis", [("NetworkInsightsPathId", pathId), ("ClientToken", UUID().uuidString)])
            analysisId = started.text("networkInsightsAnalysis/networkInsightsAnalysisId")
            guard let analysisId else { throw EC2ClientError.unexpectedResponse(status: 200, body: "StartNetworkInsightsAnalysis answered no id") }
            let finished = try await finishedAnalysis(analysisId)
            await deleteQuietly(pathId: pathId, analysisId: analysisId)
            return PathReport(analysis: finished, source: source, destination: destination, ipProtocol: traffic.ipProtocol, port: traffic.port)
        } catch {
            await deleteQuietly(pathId: pathId, analysisId: analysisId)
            throw error
        }
    }

    /// The path's parameters. An outside source enters through the destination VPC's internet gateway (`Source` the
    /// gateway, `SourceIp` the address); an outside destination is `FilterAtSource.DestinationAddress`, as AWS wants.
    func pathParameters(_ source: Endpoint, _ destination: Endpoint, _ traffic: Traffic) async throws -> [(String, String)] {
        var parameters = [("Protocol", traffic.ipProtocol)]
        switch (source.kind, destination.kind) {
        case (.address, .address): throw ReachabilityClientError.bothOutside
        case (.address, _):
            guard let vpcId = destination.vpcId, let gateway = try await attachedGateway(of: vpcId) else {
                throw ReachabilityClientError.noGateway(destination.vpcId)
            }
            parameters += [("Source", gateway), ("SourceIp", source.address ?? "")]
        default: parameters.append(("Source", source.id ?? ""))
        }
        if destination.kind == .address {
            parameters.append(("FilterAtSource.DestinationAddress", destination.address ?? ""))
            if let port = traffic.port {
                parameters += [
                    ("FilterAtSource.DestinationPortRange.FromPort", String(port)), ("FilterAtSource.DestinationPortRange.ToPort", String(port)),
                ]
            }
        } else {
            parameters.append(("Destination", destination.id ?? ""))
            if destination.kind == .networkInterface, let address = destination.address { parameters.append(("DestinationIp", address)) }
            if let port = traffic.port { parameters.append(("DestinationPort", String(port))) }
        }
        return parameters
    }

    /// Describes the analysis until it is no longer `running`, pausing longer each time.
    private func finishedAnalysis(_ id: String) async throws -> XMLTree {
        let deadline = ContinuousClock.now + timeout
        var pause = Duration.milliseconds(50)
        while true {
            let page = try await client.call("DescribeNetworkInsightsAnalyses", [("NetworkInsightsAnalysisId.1", id)])
            if let analysis = page.items("networkInsightsAnalysisSet").first {
                switch analysis.text("status") {
                case "succeeded": return analysis
                case "failed": throw ReachabilityClientError.failed(id, analysis.text("statusMessage"))
                default: break
                }
            }
            guard ContinuousClock.now < deadline else { throw ReachabilityClientError.timedOut(id, seconds: Int(timeout.components.seconds)) }
            try await Task.sleep(for: pause)
            pause = min(pause * 2, .seconds(5))
        }
    }

    /// Leaves nothing behind; a failure here must not hide the answer or the error being reported.
    private func deleteQuietly(pathId: String, analysisId: String?) async {
        if let analysisId { _ = try? await client.call("DeleteNetworkInsightsAnalysis", [("NetworkInsightsAnalysisId", analysisId)]) }
        _ = try? await client.call("DeleteNetworkInsightsPath", [("NetworkInsightsPathId", pathId)])
    }
}
