import CloudModel
import EC2Protocol
import Foundation

extension EC2Handlers {
    func createVolume(_ request: EC2.CreateVolumeRequest, context: Context) async throws -> EC2.Volume {
        try Unsupported.refuse(
            [
                "KmsKeyId": request.kmsKeyId, "OutpostArn": request.outpostArn, "AvailabilityZoneId": request.availabilityZoneId,
                "MultiAttachEnabled": request.multiAttachEnabled == true ? "true" : nil,
            ])
        let volume = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            let tags = try TagSet.creating(Volume.resourceType, from: TagSpecification.from(request.tagSpecifications))
            return try transaction.createVolume(
                Transaction.VolumeRequest(
                    size: request.size, volumeType: request.volumeType, iops: request.iops, throughput: request.throughput,
                    encrypted: request.encrypted ?? false, snapshotId: request.snapshotId),
                availabilityZone: request.availabilityZone, tags: tags, clientToken: request.clientToken)
        }
        // AWS answers while the volume is still being created; it is `available` by the next Describe.
        var wire = EC2.Volume(volume)
        wire.state = "creating"
        return wire
    }

    func deleteVolume(_ request: EC2.DeleteVolumeRequest, context: Context) async throws {
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in try transaction.deleteVolume(request.volumeId) }
    }

    func describeVolumes(_ request: EC2.DescribeVolumesRequest, context: Context) async throws -> EC2.DescribeVolumesResult {
        let (page, _) = try await describe(
            Volume.self, context, dryRun: request.dryRun, ids: request.volumeIds, filters: request.filters, maxResults: request.maxResults,
            nextToken: request.nextToken)
        return EC2.DescribeVolumesResult(nextToken: page.nextToken, volumes: page.items.map(EC2.Volume.init))
    }

    func attachVolume(_ request: EC2.AttachVolumeRequest, context: Context) async throws -> EC2.VolumeAttachment {
        let attachment = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.attachVolume(request.volumeId, instanceId: request.instanceId, device: request.device)
        }
        return EC2.VolumeAttachment(attachment, volumeId: request.volumeId, state: "attaching")
    }

    func detachVolume(_ request: EC2.DetachVolumeRequest, context: Context) async throws -> EC2.VolumeAttachment {
        let attachment = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.detachVolume(request.volumeId, instanceId: request.instanceId, device: request.device)
        }
        return EC2.VolumeAttachment(attachment, volumeId: request.volumeId, state: "detaching")
    }
}

extension EC2Handlers {
    func modifyVolume(_ request: EC2.ModifyVolumeRequest, context: Context) async throws -> EC2.ModifyVolumeResult {
        try Unsupported.refuse(["MultiAttachEnabled": request.multiAttachEnabled == true ? "true" : nil])
        let change = Transaction.VolumeChange(size: request.size, volumeType: request.volumeType, iops: request.iops, throughput: request.throughput)
        let volume = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.modifyVolume(request.volumeId, change)
        }
        return EC2.ModifyVolumeResult(volumeModification: EC2.VolumeModification(volume, at: cloud.clock.now()))
    }

    func describeVolumesModifications(
        _ request: EC2.DescribeVolumesModificationsRequest, context: Context
    ) async throws -> EC2.DescribeVolumesModificationsResult {
        let state = try await snapshot(context, dryRun: request.dryRun)
        let query = DescribeQuery(
            ids: request.volumeIds ?? [], filters: try Filter.from(request.filters), maxResults: request.maxResults, nextToken: request.nextToken,
            maxResultsRange: 1...500)
        let now = cloud.clock.now()
        let page = try state.describeVolumesModifications(in: context.scope, query: query, at: now)
        return EC2.DescribeVolumesModificationsResult(
            nextToken: page.nextToken, volumesModifications: page.items.compactMap { EC2.VolumeModification($0, at: now) })
    }
}

extension EC2.VolumeModification {
    /// The volume's latest modification, as it stands at `now`.
    init?(_ volume: Volume, at now: Date) {
        guard let modification = volume.modification else { return nil }
        let (original, target) = (modification.original, modification.target)
        self.init(
            volumeId: volume.id, modificationState: modification.state(at: now).rawValue, targetSize: target.size, targetIops: target.iops,
            targetVolumeType: target.volumeType.rawValue, targetThroughput: target.throughput, targetMultiAttachEnabled: false,
            originalSize: original.size, originalIops: original.iops, originalVolumeType: original.volumeType.rawValue,
            originalThroughput: original.throughput, originalMultiAttachEnabled: false, progress: modification.progress(at: now),
            startTime: modification.startTime, endTime: modification.endTime(at: now))
    }
}

extension EC2.Volume {
    init(_ volume: Volume) {
        self.init()
        volumeId = volume.id
        size = volume.size
        volumeType = volume.volumeType.rawValue
        iops = volume.reportedIops
        throughput = volume.reportedThroughput
        encrypted = volume.encrypted
        availabilityZone = volume.availabilityZone
        availabilityZoneId = RegionCatalog.zone(volume.availabilityZone, in: volume.scope.region)?.zoneId
        state = volume.state
        createTime = volume.createdAt
        snapshotId = ""
        multiAttachEnabled = false
        fastRestored = false
        tags = volume.tags.wire
        attachments = volume.attachment.map { [EC2.VolumeAttachment($0, volumeId: volume.id, state: "attached")] } ?? []
    }
}

extension EC2.VolumeAttachment {
    init(_ attachment: Volume.Attachment, volumeId: String, state: String) {
        self.init(
            deleteOnTermination: attachment.deleteOnTermination, volumeId: volumeId, instanceId: attachment.instanceId, device: attachment.device,
            state: state, attachTime: attachment.attachTime)
    }
}

extension EC2.InstanceBlockDeviceMapping {
    /// A volume as an instance's `BlockDeviceMappings` shows it.
    init?(_ volume: Volume) {
        guard let attachment = volume.attachment else { return nil }
        self.init(
            deviceName: attachment.device,
            ebs: EC2.EbsInstanceBlockDevice(
                attachTime: attachment.attachTime, deleteOnTermination: attachment.deleteOnTermination, status: "attached", volumeId: volume.id))
    }
}

extension Transaction.BlockDeviceMappingRequest {
    /// One `BlockDeviceMapping.N` of RunInstances; instance-store (`VirtualName`) and suppressed (`NoDevice`) devices
    /// are refused as LocalVPC does not model them.
    init(_ mapping: EC2.BlockDeviceMapping) throws(EC2Error) {
        try Unsupported.refuse(["BlockDeviceMapping.N.VirtualName": mapping.virtualName, "BlockDeviceMapping.N.NoDevice": mapping.noDevice])
        guard let deviceName = mapping.deviceName else { throw EC2Error.missingParameter("BlockDeviceMapping.N.DeviceName") }
        let ebs = mapping.ebs
        self.init(
            deviceName: deviceName,
            volume: Transaction.VolumeRequest(
                size: ebs?.volumeSize, volumeType: ebs?.volumeType, iops: ebs?.iops, throughput: ebs?.throughput, encrypted: ebs?.encrypted ?? false,
                snapshotId: ebs?.snapshotId),
            deleteOnTermination: ebs?.deleteOnTermination ?? true)
    }
}
