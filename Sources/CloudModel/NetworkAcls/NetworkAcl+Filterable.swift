import Addressing
public import Foundation

/// DescribeNetworkAcls filters, as the EC2 API Reference documents them.
extension NetworkAcl: Filterable {
    public static let filterNames: Set<String> = [
        "association.association-id", "association.network-acl-id", "association.subnet-id", "default", "entry.cidr", "entry.egress",
        "entry.icmp.code", "entry.icmp.type", "entry.ipv6-cidr", "entry.port-range.from", "entry.port-range.to", "entry.protocol",
        "entry.rule-action", "entry.rule-number", "network-acl-id", "owner-id", "vpc-id",
    ]

    public static let indexedFilters: [String: FilterIndex] = ["vpc-id": .vpc]

    static let protocolNames = ["6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6"]

    public func filterValues(_ name: String, in state: CloudState, at now: Date) -> [String] {
        switch name {
        case "association.association-id": associations.map(\.id)
        case "association.network-acl-id": associations.isEmpty ? [] : [id]
        case "association.subnet-id": associations.map(\.subnetId)
        case "default": [String(isDefault)]
        case "entry.cidr": entries.compactMap { $0.cidrBlock.ipv4?.description }
        case "entry.ipv6-cidr": entries.compactMap { $0.cidrBlock.ipv6?.description }
        case "entry.egress": entries.map { String($0.egress) }
        case "entry.icmp.code": entries.compactMap { $0.icmpCode.map(String.init) }
        case "entry.icmp.type": entries.compactMap { $0.icmpType.map(String.init) }
        case "entry.port-range.from": entries.compactMap { $0.portRange.map { String($0.lowerBound) } }
        case "entry.port-range.to": entries.compactMap { $0.portRange.map { String($0.upperBound) } }
        // AWS documents `tcp | udp | icmp or a protocol number`: a numbered entry also answers to its name.
        case "entry.protocol": entries.flatMap { [$0.ipProtocol] + (Self.protocolNames[$0.ipProtocol].map { [$0] } ?? []) }
        case "entry.rule-action": entries.map(\.ruleAction.rawValue)
        case "entry.rule-number": entries.map { String($0.ruleNumber) }
        case "network-acl-id": [id]
        case "owner-id": [scope.account]
        case "vpc-id": [aclVpcId]
        default: []
        }
    }
}
