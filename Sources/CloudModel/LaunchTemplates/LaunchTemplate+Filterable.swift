import AWSTimestamp
public import Foundation

/// DescribeLaunchTemplates filters, as the EC2 API Reference documents them.
extension LaunchTemplate: Filterable {
    public static let filterNames: Set<String> = ["create-time", "launch-template-name"]

    public func filterValues(_ name: String, in state: CloudState, at now: Date) -> [String] {
        switch name {
        case "create-time": [AWSTimestamp.format(createdAt)]
        case "launch-template-name": [self.name]
        default: []
        }
    }
}
