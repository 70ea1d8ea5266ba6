import Addressing
public import Foundation

/// DescribeAddresses filters, as the EC2 API Reference documents them.
extension Address: Filterable {
    public static let filterNames: Set<String> = [
        "allocation-id", "association-id", "domain", "instance-id", "network-border-group", "network-interface-id",
        "network-interface-owner-id", "private-ip-address", "public-ip",
    ]

    public func filterValues(_ name: String, in state: CloudState, at now: Date) -> [String] {
        switch name {
        case "allocation-id": [id]
        case "association-id": association.map { [$0.associationId] } ?? []
        case "domain": ["vpc"]
        case "instance-id": (association?.instanceId).map { [$0] } ?? []
        case "network-border-group": [scope.region]
        case "network-interface-id": association.map { [$0.networkInterfaceId] } ?? []
        case "network-interface-owner-id": association == nil ? [] : [scope.account]
        case "private-ip-address": association.map { [$0.privateIpAddress.description] } ?? []
        case "public-ip": [publicIp.description]
        default: []
        }
    }
}
