import Addressing
public import Foundation

/// DescribeNetworkInterfaces filters, as the EC2 API Reference documents them (the ones LocalVPC's model can answer).
extension NetworkInterface: Filterable {
    public static let filterNames: Set<String> = [
        "addresses.private-ip-address", "addresses.primary", "association.public-ip", "association.allocation-id", "association.association-id",
        "attachment.attachment-id", "attachment.instance-id", "attachment.device-index", "attachment.status",
        "attachment.delete-on-termination", "availability-zone", "description", "group-id", "group-name", "interface-type", "mac-address",
        "network-interface-id", "owner-id", "private-ip-address", "private-dns-name", "requester-managed", "source-dest-check", "status",
        "subnet-id", "vpc-id",
    ]

    public static let indexedFilters: [String: FilterIndex] = ["vpc-id": .vpc]

    public func filterValues(_ name: String, in state: CloudState, at now: Date) -> [String] {
        let elastic = state[scope].addresses.values.filter { $0.association?.networkInterfaceId == id }
        switch name {
        case "addresses.private-ip-address": return privateIpAddresses.map(\.description)
        case "addresses.primary": return ["true"]
        case "association.public-ip": return (state.publicIp(of: self)).map { [$0.description] } ?? []
        case "association.allocation-id": return elastic.map(\.id)
        case "association.association-id": return elastic.compactMap(\.association?.associationId)
        case "attachment.attachment-id": return attachment.map { [$0.attachmentId] } ?? []
        case "attachment.instance-id": return attachment.map { [$0.instanceId] } ?? []
        case "attachment.device-index": return attachment.map { [String($0.deviceIndex)] } ?? []
        case "attachment.status": return attachment == nil ? [] : ["attached"]
        case "attachment.delete-on-termination": return attachment.map { [String($0.deleteOnTermination)] } ?? []
        case "availability-zone": return [availabilityZone]
        case "description": return [interfaceDescription]
        case "group-id": return groupIds
        case "group-name": return groupIds.compactMap { state[scope].securityGroups[$0]?.groupName }
        case "interface-type": return ["interface"]
        case "mac-address": return [macAddress]
        case "network-interface-id": return [id]
        case "owner-id": return [scope.account]
        case "private-ip-address": return privateIpAddresses.map(\.description)
        case "private-dns-name": return [CloudState.privateDnsName(primaryPrivateIp, region: scope.region)]
        case "requester-managed": return ["false"]
        case "source-dest-check": return [String(sourceDestCheck)]
        case "status": return [status]
        case "subnet-id": return [subnetId]
        case "vpc-id": return [interfaceVpcId]
        default: return []
        }
    }
}
