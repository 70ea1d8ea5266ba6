import AWSTimestamp
public import Foundation

/// DescribeVolumes filters, as the EC2 API Reference documents them.
extension Volume: Filterable {
    public static let filterNames: Set<String> = [
        "attachment.attach-time", "attachment.delete-on-termination", "attachment.device", "attachment.instance-id", "attachment.status",
        "availability-zone", "availability-zone-id", "create-time", "encrypted", "fast-restored", "multi-attach-enabled", "operator.managed",
        "operator.principal", "size", "snapshot-id", "status", "volume-id", "volume-type",
    ]

    public func filterValues(_ name: String, in state: CloudState, at now: Date) -> [String] {
        switch name {
        case "attachment.attach-time": attachment.map { [AWSTimestamp.format($0.attachTime)] } ?? []
        case "attachment.delete-on-termination": attachment.map { [String($0.deleteOnTermination)] } ?? []
        case "attachment.device": attachment.map { [$0.device] } ?? []
        case "attachment.instance-id": attachment.map { [$0.instanceId] } ?? []
        case "attachment.status": attachment == nil ? [] : ["attached"]
        case "availability-zone": [availabilityZone]
        case "availability-zone-id": RegionCatalog.zone(availabilityZone, in: scope.region).map { [$0.zoneId] } ?? []
        case "create-time": [AWSTimestamp.format(createdAt)]
        case "encrypted": [String(encrypted)]
        case "fast-restored", "multi-attach-enabled", "operator.managed": ["false"]
        case "size": [String(size)]
        case "status": [self.state]
        case "volume-id": [id]
        case "volume-type": [volumeType.rawValue]
        // operator.principal: no service-managed volumes. snapshot-id: LocalVPC has no snapshots.
        default: []
        }
    }
}
