import Foundation

/// CreateVolume, DeleteVolume, AttachVolume and DetachVolume, and the root volume every instance launches with.
extension Transaction {
    /// What CreateVolume, or one `BlockDeviceMapping` of a launch, asks for.
    public struct VolumeRequest: Sendable {
        public var size: Int?
        public var volumeType: String?
        public var iops: Int?
        public var throughput: Int?
        public var encrypted: Bool
        public var snapshotId: String?

        public init(
            size: Int? = nil, volumeType: String? = nil, iops: Int? = nil, throughput: Int? = nil, encrypted: Bool = false, snapshotId: String? = nil
        ) {
            self.size = size
            self.volumeType = volumeType
            self.iops = iops
            self.throughput = throughput
            self.encrypted = encrypted
            self.snapshotId = snapshotId
        }
    }

    /// The root volume an instance gets when the launch does not say otherwise: 8 GiB of gp3 at `/dev/xvda`, deleted
    /// with the instance (what Amazon Linux 2023 AMIs give).
    public static let defaultRootVolume = VolumeRequest(size: 8, volumeType: "gp3")

    /// Creates a volume; a repeated `ClientToken` answers the volume it made.
    public mutating func createVolume(_ request: VolumeRequest, availabilityZone: String?, tags: TagSet = [:], clientToken: String? = nil)
        throws(EC2Error) -> Volume
    {
        let fingerprint = IdempotentRequest.fingerprint(
            [
                availabilityZone, request.size.map(String.init), request.volumeType, request.iops.map(String.init),
                request.throughput.map(String.init),
                String(request.encrypted), request.snapshotId,
            ])
        if let earlier = try madeEarlier(Volume.self, clientToken: clientToken, fingerprint: fingerprint) { return earlier }
        guard let zoneName = availabilityZone else { throw .missingParameter("AvailabilityZone") }
        guard let zone = RegionCatalog.zone(zoneName, in: scope.region) else { throw .invalidZone(zoneName) }
        var volume = try makeVolume(request, zone: zone.name, tags: tags)
        volume.clientToken = clientToken
        volume.requestFingerprint = clientToken.map { _ in fingerprint }
        put(volume)
        return volume
    }

    /// Deletes a volume that is not attached.
    public mutating func deleteVolume(_ id: String) throws(EC2Error) {
        let volume = try require(Volume.self, id)
        if let attachment = volume.attachment { throw .volumeInUse(id, instanceId: attachment.instanceId) }
        delete(volume)
    }

    /// Attaches an available volume to an instance in its zone, at a device name the instance does not use.
    public mutating func attachVolume(_ id: String, instanceId: String, device: String) throws(EC2Error) -> Volume.Attachment {
        var volume = try require(Volume.self, id)
        let instance = try requireInstance(instanceId)
        guard instance.state != .terminated else { throw .incorrectInstanceState(instanceId, "given a volume") }
        if let attachment = volume.attachment { throw .volumeInUse(id, instanceId: attachment.instanceId) }
        if volume.modification?.state(at: now) == .modifying { throw .volumeBeingModifiedCannotAttach(id) }
        guard volume.availabilityZone == instance.availabilityZone else { throw .volumeZoneMismatch(id, instanceId: instanceId) }
        guard device.hasPrefix("/dev/") || device.hasPrefix("xvd") else { throw .invalidDevice(device) }
        guard Volume.isEBSDeviceName(device) else { throw .notAnEBSDeviceName(device) }
        if volumes(of: instanceId).contains(where: { $0.attachment?.device == device }) { throw .deviceInUse(device) }
        let attachment = Volume.Attachment(instanceId: instanceId, device: device, attachTime: now, deleteOnTermination: false)
        volume.attachment = attachment
        put(volume)
        return attachment
    }

    /// Detaches a volume; a running instance keeps its root volume.
    public mutating func detachVolume(_ id: String, instanceId: String?, device: String?) throws(EC2Error) -> Volume.Attachment {
        var volume = try require(Volume.self, id)
        guard let attachment = volume.attachment else { throw .volumeNotAttached(id) }
        if let instanceId, instanceId != attachment.instanceId { throw .volumeAttachedElsewhere(id, instanceId: instanceId) }
        if let device, device != attachment.device { throw .volumeAttachedElsewhere(id, instanceId: attachment.instanceId) }
        if let instance = get(Instance.self, attachment.instanceId), attachment.device == instance.rootDeviceName, instance.state == .running {
            throw .rootVolumeOfRunningInstance(id, instanceId: attachment.instanceId)
        }
        volume.attachment = nil
        put(volume)
        return attachment
    }

    /// The volumes attached to an instance.
    public func volumes(of instanceId: String) -> [Volume] {
        all(Volume.self, attachedTo: instanceId)
    }

    /// Makes the volumes a launched instance starts with: its root volume (the image's, `root`, as `mappings` change
    /// it) and the other EBS volumes the launch maps, each deleted with the instance unless the mapping says otherwise.
    mutating func attachLaunchVolumes(
        _ mappings: [BlockDeviceMappingRequest], to instance: Instance, rootVolume root: BlockDeviceMappingRequest, tags: TagSet
    ) throws(EC2Error) {
        var devices = mappings
        if !devices.contains(where: { $0.deviceName == root.deviceName }) { devices.insert(root, at: 0) }
        for mapping in devices {
            var volume = try makeVolume(
                mapping.deviceName == root.deviceName ? mapping.volume.defaulted(to: root.volume) : mapping.volume,
                zone: instance.availabilityZone, tags: tags)
            volume.attachment = Volume.Attachment(
                instanceId: instance.id, device: mapping.deviceName, attachTime: now, deleteOnTermination: mapping.deleteOnTermination)
            put(volume)
        }
    }

    /// At termination: volumes marked delete-on-termination go with the instance, the others become available.
    mutating func releaseVolumes(of instanceId: String) {
        for var volume in volumes(of: instanceId) {
            if volume.attachment?.deleteOnTermination == true {
                delete(volume)
            } else {
                volume.attachment = nil
                put(volume)
            }
        }
    }

    private mutating func makeVolume(_ request: VolumeRequest, zone: String, tags: TagSet) throws(EC2Error) -> Volume {
        if let snapshotId = request.snapshotId { throw .snapshotNotFound(snapshotId) }
        guard let size = request.size else { throw .volumeNeedsSizeOrSnapshot }
        let type = try Volume.VolumeType.named(request.volumeType ?? "gp2")
        try Volume.checkConfiguration(size: size, type: type, iops: request.iops, throughput: request.throughput)
        let volume = Volume(
            id: newId(.volume), scope: scope, availabilityZone: zone, size: size, volumeType: type, iops: request.iops,
            throughput: request.throughput,
            encrypted: request.encrypted, tags: tags, createdAt: now)
        put(volume)
        return volume
    }

    /// One `BlockDeviceMapping` of a launch: an EBS volume at a device name.
    public struct BlockDeviceMappingRequest: Sendable {
        public var deviceName: String
        public var volume: VolumeRequest
        public var deleteOnTermination: Bool

        public init(deviceName: String, volume: VolumeRequest, deleteOnTermination: Bool = true) {
            self.deviceName = deviceName
            self.volume = volume
            self.deleteOnTermination = deleteOnTermination
        }
    }
}

extension Transaction.VolumeRequest {
    /// This request, with what it leaves out taken from `defaults` (a root volume keeps the AMI's size and type).
    func defaulted(to defaults: Self) -> Self {
        var result = self
        result.size = size ?? defaults.size
        result.volumeType = volumeType ?? defaults.volumeType
        return result
    }
}

/// ModifyVolume.
extension Transaction {
    /// What ModifyVolume asks to change; what it leaves out keeps its value, as the API reference says.
    public struct VolumeChange: Sendable {
        public var size: Int?
        public var volumeType: String?
        public var iops: Int?
        public var throughput: Int?

        public init(size: Int? = nil, volumeType: String? = nil, iops: Int? = nil, throughput: Int? = nil) {
            self.size = size
            self.volumeType = volumeType
            self.iops = iops
            self.throughput = throughput
        }
    }

    /// Changes a volume's size, type, IOPS or throughput, at most one modification at a time and four a day, never to a
    /// smaller size. IOPS are kept when the type is (else gp3, io1 and io2 get 3,000); throughput is kept from gp3 to
    /// gp3 (else gp3 gets 125).
    public mutating func modifyVolume(_ id: String, _ change: VolumeChange) throws(EC2Error) -> Volume {
        var volume = try require(Volume.self, id)
        let earlier = volume.modification?.startsCounting(at: now) ?? []
        if let current = volume.modification, current.state(at: now) != .completed {
            throw .volumeBeingModified(id, state: current.state(at: now))
        }
        if earlier.count >= VolumeModification.perDay {
            throw .volumeModificationRateExceeded(id, until: earlier[0].addingTimeInterval(VolumeModification.day))
        }
        let size = change.size ?? volume.size
        guard size >= volume.size else { throw .volumeCannotShrink }
        let type = try change.volumeType.map(Volume.VolumeType.named) ?? volume.volumeType
        let iops = change.iops ?? (type == volume.volumeType ? volume.iops : type.iopsRange.map { _ in Volume.gp3BaselineIops })
        let throughput = change.throughput ?? (type == .gp3 && volume.volumeType == .gp3 ? volume.throughput : nil)
        try Volume.checkConfiguration(size: size, type: type, iops: iops, throughput: throughput)
        let original = VolumeModification.Configuration(volume)
        (volume.size, volume.volumeType, volume.iops, volume.throughput) = (size, type, iops, throughput)
        volume.modification = VolumeModification(
            original: original, target: VolumeModification.Configuration(volume), startTime: now, startsInLastDay: earlier + [now])
        put(volume)
        return volume
    }
}
