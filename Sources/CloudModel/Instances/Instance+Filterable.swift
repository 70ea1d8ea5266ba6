import Addressing
public import Foundation

/// DescribeInstances filters, as the EC2 API Reference documents them (the ones LocalVPC's model can answer).
extension Instance: Filterable {
    public static let filterNames: Set<String> = [
        "availability-zone", "client-token", "dns-name", "group-id", "group-name", "image-id", "instance-id", "instance-state-code",
        "instance-state-name", "instance-type", "instance.group-id", "instance.group-name", "ip-address", "key-name", "launch-time",
        "network-interface.network-interface-id", "network-interface.subnet-id", "network-interface.vpc-id", "network-interface.private-ip-address",
        "network-interface.addresses.private-ip-address", "network-interface.source-dest-check", "owner-id", "private-dns-name",
        "private-ip-address", "reservation-id", "source-dest-check", "subnet-id", "vpc-id",
    ]

    public static let indexedFilters: [String: FilterIndex] = ["vpc-id": .vpc]

    public func filterValues(_ name: String, in state: CloudState, at now: Date) -> [String] {
        let primary = state.primaryInterface(of: self)
        let interfaces = state[scope].networkInterfaces.values.filter { $0.attachment?.instanceId == id }
        let groups = primary.map { $0.groupIds } ?? []
        switch name {
        case "availability-zone": return [availabilityZone]
        case "client-token": return clientToken.map { [$0] } ?? []
        case "dns-name": return (primary.flatMap(state.publicIp(of:))).map { [CloudState.publicDnsName($0, region: scope.region)] } ?? []
        case "group-id", "instance.group-id": return groups
        case "group-name", "instance.group-name": return groups.compactMap { state[scope].securityGroups[$0]?.groupName }
        case "image-id": return [imageId]
        case "instance-id": return [id]
        case "instance-state-code": return [String(self.state.code)]
        case "instance-state-name": return [self.state.rawValue]
        case "instance-type": return [instanceType]
        case "ip-address": return (primary.flatMap(state.publicIp(of:))).map { [$0.description] } ?? []
        case "key-name": return keyName.map { [$0] } ?? []
        case "launch-time": return [launchTime.awsTimestamp]
        case "network-interface.network-interface-id": return interfaces.map(\.id)
        case "network-interface.subnet-id": return interfaces.map(\.subnetId)
        case "network-interface.vpc-id": return interfaces.map(\.interfaceVpcId)
        case "network-interface.private-ip-address", "network-interface.addresses.private-ip-address":
            return interfaces.flatMap(\.privateIpAddresses).map(\.description)
        case "network-interface.source-dest-check", "source-dest-check": return primary.map { [String($0.sourceDestCheck)] } ?? []
        case "owner-id": return [scope.account]
        case "private-dns-name": return primary.map { [CloudState.privateDnsName($0.primaryPrivateIp, region: scope.region)] } ?? []
        case "private-ip-address": return primary.map { [$0.primaryPrivateIp.description] } ?? []
        case "reservation-id": return [reservationId]
        case "subnet-id": return [subnetId]
        case "vpc-id": return [instanceVpcId]
        default: return []
        }
    }
}
