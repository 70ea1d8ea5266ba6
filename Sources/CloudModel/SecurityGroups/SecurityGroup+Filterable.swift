import Addressing
public import Foundation

/// DescribeSecurityGroups filters, as the EC2 API Reference documents them: the group's own, and `ip-permission.*`
/// (ingress) and `egress.ip-permission.*` (egress), which match when any rule of that direction has the value.
extension SecurityGroup: Filterable {
    /// The fields of a rule the `ip-permission.` and `egress.ip-permission.` filters name.
    static let permissionFilterFields = [
        "cidr", "from-port", "group-id", "group-name", "ipv6-cidr", "prefix-list-id", "protocol", "to-port", "user-id",
    ]

    public static let filterNames: Set<String> = Set(
        ["description", "group-id", "group-name", "owner-id", "vpc-id"]
            + permissionFilterFields.flatMap { ["ip-permission.\($0)", "egress.ip-permission.\($0)"] })

    public static let indexedFilters: [String: FilterIndex] = ["vpc-id": .vpc]

    public func filterValues(_ name: String, in state: CloudState, at now: Date) -> [String] {
        if name.hasPrefix("egress.ip-permission.") {
            return egress.flatMap { $0.filterValues(String(name.dropFirst("egress.ip-permission.".count)), of: self, in: state) }
        }
        if name.hasPrefix("ip-permission.") {
            return ingress.flatMap { $0.filterValues(String(name.dropFirst("ip-permission.".count)), of: self, in: state) }
        }
        switch name {
        case "description": return [groupDescription]
        case "group-id": return [id]
        case "group-name": return [groupName]
        case "owner-id": return [scope.account]
        case "vpc-id": return [groupVpcId]
        default: return []
        }
    }
}

extension SecurityGroupRule {
    /// The values one field of an `ip-permission.` filter sees in this rule of `group`.
    func filterValues(_ field: String, of group: SecurityGroup, in state: CloudState) -> [String] {
        switch field {
        case "cidr": return peer.ipv4.map { [$0.description] } ?? []
        case "ipv6-cidr": return peer.ipv6.map { [$0.description] } ?? []
        case "from-port": return fromPort.map { [String($0)] } ?? []
        case "to-port": return toPort.map { [String($0)] } ?? []
        // AWS documents `tcp | udp | icmp, a protocol number, or -1`: a named protocol also answers to its number.
        case "protocol": return [ipProtocol] + (SecurityGroupProtocol.number(of: ipProtocol).map { [$0] } ?? [])
        case "group-id": return peer.groupId.map { [$0] } ?? []
        case "user-id":
            if case .group(_, let userId, _) = peer { return [userId] }
            return []
        case "group-name":
            guard case .group(let id, let userId, _) = peer else { return [] }
            let owner = AccountRegion(account: userId, region: group.scope.region)
            return state.get(SecurityGroup.self, id, in: owner).map { [$0.groupName] } ?? []
        case "prefix-list-id": return peer.prefixListId.map { [$0] } ?? []
        default: return []
        }
    }
}
