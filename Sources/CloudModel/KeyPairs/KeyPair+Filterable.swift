public import Foundation

/// DescribeKeyPairs filters, as the EC2 API Reference documents them.
extension KeyPair: Filterable {
    public static let filterNames: Set<String> = ["fingerprint", "key-name", "key-pair-id"]

    public func filterValues(_ name: String, in state: CloudState, at now: Date) -> [String] {
        switch name {
        case "fingerprint": [fingerprint]
        case "key-name": [self.name]
        case "key-pair-id": [id]
        default: []
        }
    }
}
