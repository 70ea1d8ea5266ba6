import AWSTimestamp
import Addressing
public import Foundation

/// DescribeNetworkInterfaces filters, as the EC2 API Reference documents them, and `group-name`, which it documented
/// before.
///
/// `filterValues` also answers the names DescribeInstances' `network-interface.*` filters map onto
/// (`addresses.association.public-dns-name`, `ipv6-native`, `tag-key`, …; see `Instance+Filterable.swift`), so an
/// instance's interfaces are filtered by the same code as the interfaces themselves.
extension NetworkInterface: Filterable {
    public static let filterNames: Set<String> = [
        "addresses.association.owner-id", "addresses.association.public-ip", "addresses.primary", "addresses.private-ip-address",
        "association.allocation-id", "association.association-id", "association.ip-owner-id", "association.public-dns-name",
        "association.public-ip", "attachment.attach-time", "attachment.attachment-id", "attachment.delete-on-termination",
        "attachment.device-index", "attachment.instance-id", "attachment.instance-owner-id", "attachment.status", "availability-zone",
        "availability-zone-id", "description", "group-id", "group-name", "interface-type", "ipv6-addresses.ipv6-address", "mac-address",
        "network-interface-id", "operator.managed", "operator.principal", "owner-id", "private-dns-name", "private-ip-address", "requester-id",
        "requester-managed", "source-dest-check", "status", "subnet-id", "vpc-id",
    ]

    public static let indexedFilters: [String: FilterIndex] = ["vpc-id": .vpc]

    public func filterValues(_ name: String, in state: CloudState, at now: Date) -> [String] {
        let region = scope.region
        if name.hasPrefix("addresses.association.") {
            let associations = privateIpAddresses.compactMap { state.publicAssociation(of: self, privateIp: $0) }
            switch name.dropFirst("addresses.association.".count) {
            case "owner-id", "ip-owner-id": return associations.map(\.owner)
            case "public-ip": return associations.map(\.ip)
            case "public-dns-name": return associations.map(\.dnsName).filter { !$0.isEmpty }
            case "allocation-id": return associations.compactMap(\.allocationId)
            case "association-id": return associations.compactMap(\.associationId)
            default: return []  // carrier-ip, customer-owned-ip: Wavelength and Outposts addresses, which LocalVPC has not
            }
        }
        let primaryAssociation = state.publicAssociation(of: self, privateIp: primaryPrivateIp)
        let elastic = state.elasticIps(of: self)
        switch name {
        case "addresses.primary": return privateIpAddresses.indices.map { $0 == 0 ? "true" : "false" }
        case "addresses.private-ip-address", "private-ip-address": return privateIpAddresses.map(\.description)
        case "addresses.private-dns-name": return privateIpAddresses.map { CloudState.privateDnsName($0, region: region) }
        case "association.public-ip": return primaryAssociation.map { [$0.ip] } ?? []
        case "association.ip-owner-id": return primaryAssociation.map { [$0.owner] } ?? []
        case "association.public-dns-name", "public-dns-name": return primaryAssociation.map { $0.dnsName.isEmpty ? [] : [$0.dnsName] } ?? []
        case "association.allocation-id": return elastic.map(\.id)
        case "association.association-id": return elastic.compactMap(\.association?.associationId)
        case "attachment.attach-time": return attachment.map { [$0.attachTime.awsTimestamp] } ?? []
        case "attachment.attachment-id": return attachment.map { [$0.attachmentId] } ?? []
        case "attachment.instance-id": return attachment.map { [$0.instanceId] } ?? []
        case "attachment.instance-owner-id": return attachment == nil ? [] : [scope.account]
        case "attachment.device-index": return attachment.map { [String($0.deviceIndex)] } ?? []
        case "attachment.network-card-index": return attachment == nil ? [] : ["0"]
        case "attachment.status": return attachment == nil ? [] : ["attached"]
        case "attachment.delete-on-termination": return attachment.map { [String($0.deleteOnTermination)] } ?? []
        case "availability-zone": return [availabilityZone]
        case "availability-zone-id": return state[scope].subnets[subnetId].map { [$0.availabilityZoneId] } ?? []
        case "deny-all-igw-traffic", "ipv6-native": return ["false"]
        case "requester-managed": return [String(requesterManaged)]
        case "description": return [interfaceDescription]
        case "group-id": return groupIds
        case "group-name": return groupIds.compactMap { state[scope].securityGroups[$0]?.groupName }
        case "interface-type": return [interfaceType.rawValue]
        case "ipv6-addresses.ipv6-address": return ipv6Addresses.map(\.description)
        // No address is the primary IPv6 one until EnablePrimaryIpv6 exists in LocalVPC.
        case "ipv6-addresses.is-primary-ipv6": return ipv6Addresses.map { _ in "false" }
        case "mac-address": return [macAddress]
        case "network-interface-id": return [id]
        // No LocalVPC interface is managed by a service operator.
        case "operator.managed": return ["false"]
        case "owner-id": return [scope.account]
        case "private-dns-name": return [CloudState.privateDnsName(primaryPrivateIp, region: region)]
        case "source-dest-check": return [String(sourceDestCheck)]
        case "status": return [status]
        case "subnet-id": return [subnetId]
        case "tag-key": return tags.map(\.key)
        case "tag-value": return tags.map(\.value)
        case "vpc-id": return [interfaceVpcId]
        // ipv6-prefixes.*, ipv4-prefixes.*: LocalVPC's interfaces have no delegated prefixes yet. operator.principal,
        // requester-id: AWS's own principal on a service's interfaces, which LocalVPC does not make up. outpost-arn: no
        // Outposts.
        default: return []
        }
    }
}
