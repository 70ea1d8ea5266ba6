public import Foundation

/// DescribeEgressOnlyInternetGateways documents only the tag filters (`tag:<key>`, `tag-key`), which every
/// tagged resource answers.
extension EgressOnlyInternetGateway: Filterable {
    public static let filterNames: Set<String> = []

    public func filterValues(_ name: String, in state: CloudState, at now: Date) -> [String] { [] }
}
