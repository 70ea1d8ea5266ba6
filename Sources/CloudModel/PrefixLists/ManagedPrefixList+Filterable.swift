public import Foundation

/// DescribeManagedPrefixLists filters, as the EC2 API Reference documents them.
extension ManagedPrefixList: Filterable {
    public static let filterNames: Set<String> = ["owner-id", "prefix-list-id", "prefix-list-name"]

    public func filterValues(_ name: String, in state: CloudState, at now: Date) -> [String] {
        switch name {
        case "owner-id": [scope.account]
        case "prefix-list-id": [id]
        case "prefix-list-name": [self.name]
        default: []
        }
    }
}

extension AWSManagedPrefixList {
    /// The values of a DescribeManagedPrefixLists or DescribePrefixLists filter for this list (which has no tags).
    func filterValues(_ name: String) -> [String] {
        switch name {
        case "owner-id": [Self.ownerId]
        case "prefix-list-id": [id]
        case "prefix-list-name": [self.name]
        default: []
        }
    }
}
