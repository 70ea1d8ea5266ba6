public import Foundation

/// DescribeDhcpOptions filters, as the EC2 API Reference documents them.
extension DhcpOptions: Filterable {
    public static let filterNames: Set<String> = ["dhcp-options-id", "key", "value", "owner-id"]

    public func filterValues(_ name: String, in state: CloudState, at now: Date) -> [String] {
        switch name {
        case "dhcp-options-id": [id]
        case "key": configurations.map(\.key.rawValue)
        case "value": configurations.flatMap(\.values)
        case "owner-id": [scope.account]
        default: []
        }
    }
}
