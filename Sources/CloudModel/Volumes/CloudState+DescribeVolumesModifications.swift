import AWSTimestamp
public import Foundation

/// DescribeVolumesModifications: the latest modification of each volume that has one.
extension CloudState {
    /// The filters the EC2 API Reference documents for DescribeVolumesModifications.
    static let volumeModificationFilterNames: Set<String> = [
        "modification-state", "original-iops", "original-size", "original-volume-type", "originalMultiAttachEnabled", "start-time",
        "target-iops", "target-size", "target-volume-type", "targetMultiAttachEnabled", "volume-id",
    ]

    /// The volumes in `scope` that `query` names (all when it names none) and that were ever modified, filtered and
    /// paged. An unknown volume id is refused; a known one never modified is left out.
    public func describeVolumesModifications(in scope: AccountRegion, query: DescribeQuery, at now: Date) throws(EC2Error) -> Page<Volume> {
        for filter in query.filters where !Self.volumeModificationFilterNames.contains(filter.name) { throw .invalidFilter(filter.name) }
        let volumes = self[scope].volumes
        let named = try self.named(Array(volumes.values), by: query, kind: Volume.idKind, id: \.id)
        let selected = named.filter { volume in
            guard let modification = volume.modification else { return false }
            return query.filters.allSatisfy { $0.matches(any: modification.values(of: $0.name, volumeId: volume.id, at: now)) }
        }
        return try paginate(selected, query: query) { ($0.modification!.startTime, $0.id) }
    }
}

extension VolumeModification {
    /// The values filter `name` sees for this modification of volume `volumeId`.
    func values(of name: String, volumeId: String, at now: Date) -> [String] {
        switch name {
        case "modification-state": [state(at: now).rawValue]
        case "original-iops": original.iops.map { [String($0)] } ?? []
        case "original-size": [String(original.size)]
        case "original-volume-type": [original.volumeType.rawValue]
        case "originalMultiAttachEnabled", "targetMultiAttachEnabled": ["false"]
        case "start-time": [AWSTimestamp.format(startTime)]
        case "target-iops": target.iops.map { [String($0)] } ?? []
        case "target-size": [String(target.size)]
        case "target-volume-type": [target.volumeType.rawValue]
        case "volume-id": [volumeId]
        default: []
        }
    }
}
