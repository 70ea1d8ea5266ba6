import Addressing
public import Foundation

/// DescribeNetworkInsightsPaths filters, as the EC2 API Reference documents them (and `destination-port`,
/// which it documented before the path filters came).
extension NetworkInsightsPath: Filterable {
    public static let filterNames: Set<String> = [
        "destination", "destination-port", "protocol", "source",
        "filter-at-source.source-address", "filter-at-source.source-port-range", "filter-at-source.destination-address",
        "filter-at-source.destination-port-range", "filter-at-destination.source-address", "filter-at-destination.source-port-range",
        "filter-at-destination.destination-address", "filter-at-destination.destination-port-range",
    ]

    public func filterValues(_ name: String, in state: CloudState, at now: Date) -> [String] {
        switch name {
        case "destination": return destination.map { [$0] } ?? []
        case "destination-port": return destinationPort.map { [String($0)] } ?? []
        case "protocol": return [ipProtocol]
        case "source": return [source]
        default:
            let parts = name.split(separator: ".", maxSplits: 1)
            guard parts.count == 2, let filter = parts[0] == "filter-at-source" ? filterAtSource : filterAtDestination else { return [] }
            switch parts[1] {
            case "source-address": return filter.sourceAddress.map { [$0.description] } ?? []
            case "destination-address": return filter.destinationAddress.map { [$0.description] } ?? []
            case "source-port-range": return filter.sourcePortRange.map { [Self.text($0)] } ?? []
            case "destination-port-range": return filter.destinationPortRange.map { [Self.text($0)] } ?? []
            default: return []
            }
        }
    }

    /// A range as a filter value: `from-to`, or one port when both ends agree.
    static func text(_ range: AnalysisPortRange) -> String {
        let from = range.from ?? 0
        let to = range.to ?? from
        return from == to ? String(from) : "\(from)-\(to)"
    }
}

/// DescribeNetworkInsightsAnalyses filters, as the EC2 API Reference documents them.
extension NetworkInsightsAnalysis: Filterable {
    public static let filterNames: Set<String> = ["path-found", "status"]

    public func filterValues(_ name: String, in state: CloudState, at now: Date) -> [String] {
        switch name {
        case "path-found": findings.map { [$0.networkPathFound ? "true" : "false"] } ?? []
        case "status": [status.rawValue]
        default: []
        }
    }
}
