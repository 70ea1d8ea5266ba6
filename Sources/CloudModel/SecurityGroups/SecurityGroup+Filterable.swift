public import Foundation

/// DescribeSecurityGroups filters LocalVPC answers so far (the rule filters come with the security-group API).
extension SecurityGroup: Filterable {
    public static let filterNames: Set<String> = ["description", "group-id", "group-name", "owner-id", "vpc-id"]

    public func filterValues(_ name: String, in state: CloudState, at now: Date) -> [String] {
        switch name {
        case "description": [groupDescription]
        case "group-id": [id]
        case "group-name": [groupName]
        case "owner-id": [scope.account]
        case "vpc-id": [groupVpcId]
        default: []
        }
    }
}
