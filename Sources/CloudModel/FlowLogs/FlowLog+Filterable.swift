public import Foundation

/// DescribeFlowLogs filters, as the EC2 API Reference documents them.
extension FlowLog: Filterable {
    public static let filterNames: Set<String> = [
        "deliver-log-status", "flow-log-id", "log-destination-type", "log-group-name", "resource-id", "traffic-type",
    ]

    public func filterValues(_ name: String, in state: CloudState, at now: Date) -> [String] {
        switch name {
        // Delivery is not attempted before the data plane exists; AWS reports SUCCESS until a delivery fails.
        case "deliver-log-status": ["SUCCESS"]
        case "flow-log-id": [id]
        case "log-destination-type": [destination.kind.rawValue]
        case "log-group-name": destination.logGroupName.map { [$0] } ?? []
        case "resource-id": [resourceId]
        case "traffic-type": [trafficType]
        default: []
        }
    }
}
