import AWSTimestamp
import Addressing
public import Foundation

/// DescribeInstances filters, as the EC2 API Reference documents them.
///
/// Every documented name is accepted. The fixed facts of every instance (`hypervisor`, `tenancy`, …) come from
/// `InstancePlatform`, and its own settings (`metadata-options.*`, …) from its `configuration`, as the response's do;
/// `network-interface.*` asks each attached interface with the interface's own filter
/// (`NetworkInterface+Filterable.swift`). Names for what LocalVPC has no such thing as (dedicated hosts, IAM,
/// marketplace product codes, Spot, Outposts) match nothing, as on AWS an instance without them matches nothing.
extension Instance: Filterable {
    public static let filterNames: Set<String> = Set(
        [
            "affinity", "architecture", "availability-zone", "availability-zone-id", "block-device-mapping.attach-time",
            "block-device-mapping.delete-on-termination", "block-device-mapping.device-name", "block-device-mapping.status",
            "block-device-mapping.volume-id", "boot-mode", "capacity-reservation-id",
            "capacity-reservation-specification.capacity-reservation-preference",
            "capacity-reservation-specification.capacity-reservation-target.capacity-reservation-id",
            "capacity-reservation-specification.capacity-reservation-target.capacity-reservation-resource-group-arn", "client-token",
            "current-instance-boot-mode", "dns-name", "ebs-optimized", "ena-support", "enclave-options.enabled", "hibernation-options.configured",
            "host-id", "hypervisor", "iam-instance-profile.arn", "iam-instance-profile.id", "image-id", "instance-id", "instance-lifecycle",
            "instance-state-code", "instance-state-name", "instance-type", "instance.group-id", "instance.group-name", "ip-address",
            "ipv6-address", "kernel-id", "key-name", "launch-index", "launch-time", "maintenance-options.auto-recovery",
            "metadata-options.http-endpoint", "metadata-options.http-protocol-ipv4", "metadata-options.http-protocol-ipv6",
            "metadata-options.http-put-response-hop-limit", "metadata-options.http-tokens", "metadata-options.instance-metadata-tags",
            "metadata-options.state", "monitoring-state", "network-performance-options.bandwidth-weighting", "operator.managed",
            "operator.principal", "outpost-arn", "owner-id", "placement-group-name", "placement-partition-number", "platform",
            "platform-details", "private-dns-name", "private-dns-name-options.enable-resource-name-dns-a-record",
            "private-dns-name-options.enable-resource-name-dns-aaaa-record", "private-dns-name-options.hostname-type", "private-ip-address",
            "product-code", "product-code.type", "ramdisk-id", "reason", "requester-id", "reservation-id", "root-device-name",
            "root-device-type", "source-dest-check", "spot-instance-request-id", "state-reason-code", "state-reason-message", "subnet-id",
            "tenancy", "tpm-support", "usage-operation", "usage-operation-update-time", "virtualization-type", "vpc-id",
        ] + networkInterfaceFilterNames.map { "network-interface.\($0)" })

    /// The `network-interface.` filters, without the prefix.
    static let networkInterfaceFilterNames = [
        "addresses.association.allocation-id", "addresses.association.association-id", "addresses.association.carrier-ip",
        "addresses.association.customer-owned-ip", "addresses.association.ip-owner-id", "addresses.association.public-dns-name",
        "addresses.association.public-ip", "addresses.primary", "addresses.private-dns-name", "addresses.private-ip-address",
        "association.allocation-id", "association.association-id", "association.carrier-ip", "association.customer-owned-ip",
        "association.ip-owner-id", "association.public-dns-name", "association.public-ip", "attachment.attach-time",
        "attachment.attachment-id", "attachment.delete-on-termination", "attachment.device-index", "attachment.instance-id",
        "attachment.instance-owner-id", "attachment.network-card-index", "attachment.status", "availability-zone", "deny-all-igw-traffic",
        "description", "group-id", "group-name", "ipv4-prefixes.ipv4-prefix", "ipv6-address", "ipv6-addresses.ipv6-address",
        "ipv6-addresses.is-primary-ipv6", "ipv6-native", "ipv6-prefixes.ipv6-prefix", "mac-address", "network-interface-id",
        "operator.managed", "operator.principal", "outpost-arn", "owner-id", "private-dns-name", "private-ip-address", "public-dns-name",
        "requester-id", "requester-managed", "status", "source-dest-check", "subnet-id", "tag-key", "tag-value", "vpc-id",
    ]

    public static let indexedFilters: [String: FilterIndex] = ["vpc-id": .vpc]

    public func filterValues(_ name: String, in state: CloudState, at now: Date) -> [String] {
        if name.hasPrefix("network-interface.") {
            let interfaces = state.interfaces(of: self)
            let field = String(name.dropFirst("network-interface.".count))
            let interfaceFilter = field == "ipv6-address" ? "ipv6-addresses.ipv6-address" : field
            return interfaces.flatMap { $0.filterValues(interfaceFilter, in: state, at: now) }
        }
        if let fixed = Self.platformFilterValues[name] { return fixed }
        let primary = state.primaryInterface(of: self)
        let groups = primary.map { $0.groupIds } ?? []
        let publicAssociation = primary.flatMap { state.publicAssociation(of: $0, privateIp: $0.primaryPrivateIp) }
        switch name {
        case "architecture": return [architecture]
        case "availability-zone": return [availabilityZone]
        case "block-device-mapping.attach-time": return state.volumes(of: self).compactMap { $0.attachment.map { $0.attachTime.awsTimestamp } }
        case "block-device-mapping.delete-on-termination":
            return state.volumes(of: self).compactMap { $0.attachment.map { String($0.deleteOnTermination) } }
        case "block-device-mapping.device-name": return state.volumes(of: self).compactMap(\.attachment?.device)
        case "block-device-mapping.status": return state.volumes(of: self).map { _ in "attached" }
        case "block-device-mapping.volume-id": return state.volumes(of: self).map(\.id)
        case "availability-zone-id": return state[scope].subnets[subnetId].map { [$0.availabilityZoneId] } ?? []
        case "client-token": return clientToken.map { [$0] } ?? []
        case "current-instance-boot-mode": return [currentInstanceBootMode]
        case "ebs-optimized": return [String(configuration.ebsOptimized)]
        case "dns-name": return publicAssociation.map { $0.dnsName.isEmpty ? [] : [$0.dnsName] } ?? []
        case "group-id", "instance.group-id": return groups
        case "group-name", "instance.group-name": return groups.compactMap { state[scope].securityGroups[$0]?.groupName }
        case "image-id": return [imageId]
        case "instance-id": return [id]
        case "instance-state-code": return [String(self.state.code)]
        case "instance-state-name": return [self.state.rawValue]
        case "instance-type": return [instanceType]
        case "ip-address": return publicAssociation.map { [$0.ip] } ?? []
        case "ipv6-address": return primary.flatMap { $0.ipv6Addresses.first.map { [$0.description] } } ?? []
        case "key-name": return keyName.map { [$0] } ?? []
        case "launch-index": return [String(amiLaunchIndex)]
        case "launch-time", "usage-operation-update-time": return [launchTime.awsTimestamp]
        case "maintenance-options.auto-recovery": return [configuration.maintenanceOptions.autoRecovery.rawValue]
        case "metadata-options.http-endpoint": return [configuration.metadataOptions.httpEndpoint.rawValue]
        case "metadata-options.http-protocol-ipv6": return [configuration.metadataOptions.httpProtocolIpv6.rawValue]
        case "metadata-options.http-put-response-hop-limit": return [String(configuration.metadataOptions.httpPutResponseHopLimit)]
        case "metadata-options.http-tokens": return [configuration.metadataOptions.httpTokens.rawValue]
        case "metadata-options.instance-metadata-tags": return [configuration.metadataOptions.instanceMetadataTags.rawValue]
        case "monitoring-state": return [configuration.monitoring ? "enabled" : "disabled"]
        case "owner-id": return [scope.account]
        case "private-dns-name": return primary.map { [CloudState.privateDnsName($0.primaryPrivateIp, region: scope.region)] } ?? []
        case "private-ip-address": return primary.map { [$0.primaryPrivateIp.description] } ?? []
        case "reason": return stateTransitionReason.isEmpty ? [] : [stateTransitionReason]
        case "reservation-id": return [reservationId]
        case "root-device-name": return [rootDeviceName]
        case "source-dest-check": return primary.map { [String($0.sourceDestCheck)] } ?? []
        case "state-reason-code": return stateReasonCodeAndMessage.map { [$0.code] } ?? []
        case "state-reason-message": return stateReasonCodeAndMessage.map { [$0.message] } ?? []
        case "subnet-id": return [subnetId]
        case "vpc-id": return [instanceVpcId]
        // affinity, host-id: no dedicated hosts. boot-mode: set only by AMIs that
        // name one. capacity-reservation-id, …capacity-reservation-target.*: no capacity reservations.
        // iam-instance-profile.*: no IAM. instance-lifecycle, spot-instance-request-id: on-demand instances only.
        // kernel-id, ramdisk-id: HVM guests have neither. operator.principal,
        // requester-id: no service-managed instances. outpost-arn: no Outposts. placement-group-*: no placement
        // groups. platform: set only for Windows. product-code*: no marketplace AMIs. tpm-support: NitroTPM off.
        default: return []
        }
    }

    /// The filters whose value is the same for every instance: what `InstancePlatform` says the response shows.
    static let platformFilterValues: [String: [String]] = [
        "capacity-reservation-specification.capacity-reservation-preference": [InstancePlatform.capacityReservationPreference],
        "ena-support": [String(InstancePlatform.enaSupport)],
        "enclave-options.enabled": ["false"],
        "hibernation-options.configured": ["false"],
        "hypervisor": [InstancePlatform.hypervisor],
        "network-performance-options.bandwidth-weighting": [InstancePlatform.bandwidthWeighting],
        "operator.managed": ["false"],
        "platform-details": [InstancePlatform.platformDetails],
        "private-dns-name-options.enable-resource-name-dns-a-record": ["false"],
        "private-dns-name-options.enable-resource-name-dns-aaaa-record": ["false"],
        "private-dns-name-options.hostname-type": [InstancePlatform.hostnameType],
        "root-device-type": [InstancePlatform.rootDeviceType],
        "metadata-options.http-protocol-ipv4": [InstancePlatform.metadataHttpProtocolIpv4],
        "metadata-options.state": ["applied"],
        "tenancy": [InstancePlatform.tenancy],
        "usage-operation": [InstancePlatform.usageOperation],
        "virtualization-type": [InstancePlatform.virtualizationType],
    ]
}
