/// What a launch sets of an instance's configuration, and the calls that change it afterwards:
/// ModifyInstanceMetadataOptions, ModifyInstanceCreditSpecification, ModifyInstanceMaintenanceOptions,
/// MonitorInstances and UnmonitorInstances.
extension Transaction {
    /// The configuration a launch gives its instances: the image's facts (architecture, root device, metadata
    /// defaults) under what the launch (and its template, already merged into it) says.
    ///
    /// An image of the region's catalogue must suit the instance type's architectures (AWS's `InvalidParameterValue`);
    /// an image LocalVPC does not know runs on whatever the type runs, x86_64 first.
    func launchConfiguration(_ launch: InstanceLaunch, imageId: String) throws(EC2Error) -> InstanceConfiguration {
        let image = ImageCatalog.image(imageId, inRegion: scope.region)
        let typeArchitectures = InstanceTypeCatalog.type(named: launch.instanceType)?.list(.architectures) ?? []
        var configuration = InstanceConfiguration()
        if let image {
            guard typeArchitectures.isEmpty || typeArchitectures.contains(image.architecture) else {
                throw .architectureMismatch(instanceType: typeArchitectures, image: image.architecture)
            }
            configuration.architecture = image.architecture
            configuration.rootDeviceName = image.rootDeviceName
        } else if !typeArchitectures.contains(InstancePlatform.architecture), let first = typeArchitectures.first {
            configuration.architecture = first
        }
        configuration.metadataOptions = InstanceMetadataOptions.defaults(for: image).applying(launch.metadataOptions)
        if let credits = launch.cpuCredits {
            guard Instance.isBurstable(launch.instanceType) else { throw .creditSpecificationNotSupported(launching: launch.instanceType) }
            configuration.cpuCredits = credits
        }
        if let value = launch.autoRecovery { configuration.maintenanceOptions.autoRecovery = value }
        if let value = launch.disableApiTermination { configuration.disableApiTermination = value }
        if let value = launch.disableApiStop { configuration.disableApiStop = value }
        if let value = launch.shutdownBehavior { configuration.shutdownBehavior = value }
        if let value = launch.ebsOptimized { configuration.ebsOptimized = value }
        if let value = launch.monitoring { configuration.monitoring = value }
        return configuration
    }

    /// The root volume an instance launched from `imageId` starts with: at the image's root device, of its size and
    /// type; LocalVPC's default (8 GiB of gp3 at `/dev/xvda`) for an image it does not know.
    func rootVolume(for imageId: String) -> BlockDeviceMappingRequest {
        guard let image = ImageCatalog.image(imageId, inRegion: scope.region) else {
            return BlockDeviceMappingRequest(deviceName: InstancePlatform.rootDeviceName, volume: Self.defaultRootVolume)
        }
        return BlockDeviceMappingRequest(
            deviceName: image.rootDeviceName, volume: VolumeRequest(size: image.rootVolume.size, volumeType: image.rootVolume.volumeType),
            deleteOnTermination: image.rootVolume.deleteOnTermination)
    }

    /// Changes an instance's metadata options; what `change` leaves out stays. The answer is the new options.
    public mutating func modifyInstanceMetadataOptions(_ id: String, _ change: InstanceMetadataOptions.Change) throws(EC2Error)
        -> InstanceMetadataOptions
    {
        var instance = try modifiableInstance(id)
        instance.configuration.metadataOptions = instance.configuration.metadataOptions.applying(change)
        put(instance)
        return instance.configuration.metadataOptions
    }

    /// Changes an instance's maintenance options; what is nil stays. The answer is the new options.
    public mutating func modifyInstanceMaintenanceOptions(
        _ id: String, autoRecovery: InstanceMaintenanceOptions.Setting?, rebootMigration: InstanceMaintenanceOptions.Setting?
    ) throws(EC2Error) -> InstanceMaintenanceOptions {
        var instance = try modifiableInstance(id)
        if let autoRecovery { instance.configuration.maintenanceOptions.autoRecovery = autoRecovery }
        if let rebootMigration { instance.configuration.maintenanceOptions.rebootMigration = rebootMigration }
        put(instance)
        return instance.configuration.maintenanceOptions
    }

    /// The outcome of ModifyInstanceCreditSpecification: AWS answers per instance, and applies what it can.
    public struct CreditSpecificationChanges: Sendable {
        public var successful: [String] = []
        public var unsuccessful: [(instanceId: String, error: EC2Error)] = []
    }

    /// Sets the CPU credit option of each instance that can take one; the others are reported with AWS's code
    /// (`InvalidInstanceID.Malformed`, `InvalidInstanceID.NotFound`, `IncorrectInstanceState`,
    /// `InstanceCreditSpecification.NotSupported`) and left as they are.
    public mutating func modifyInstanceCreditSpecification(
        _ requests: [(instanceId: String, cpuCredits: InstanceConfiguration.CpuCredits)]
    ) throws(EC2Error) -> CreditSpecificationChanges {
        guard !requests.isEmpty else { throw .missingParameter("InstanceCreditSpecification") }
        var changes = CreditSpecificationChanges()
        for request in requests {
            do throws(EC2Error) {
                var instance = try modifiableInstance(request.instanceId)
                guard Instance.isBurstable(instance.instanceType) else {
                    throw .creditSpecificationNotSupported(instanceId: instance.id, instanceType: instance.instanceType)
                }
                instance.configuration.cpuCredits = request.cpuCredits
                put(instance)
                changes.successful.append(request.instanceId)
            } catch {
                changes.unsuccessful.append((request.instanceId, error))
            }
        }
        return changes
    }

    /// Turns detailed monitoring on or off for each instance, all or none; the answer is each instance's monitoring
    /// state as AWS reports it right after the call (`pending` or `disabling`; `enabled`/`disabled` when unchanged).
    public mutating func setMonitoring(_ ids: [String], enabled: Bool) throws(EC2Error) -> [(instanceId: String, state: String)] {
        guard !ids.isEmpty else { throw .missingParameter("InstanceId") }
        for id in ids { try ResourceIdKind.instance.validate(id) }
        let missing = ids.filter { get(Instance.self, $0)?.isVisible(at: now) != true }
        guard missing.isEmpty else { throw ResourceIdKind.instance.notFound(missing) }
        var result: [(instanceId: String, state: String)] = []
        for id in ids {
            var instance = try modifiableInstance(id)
            let changed = instance.configuration.monitoring != enabled
            instance.configuration.monitoring = enabled
            put(instance)
            result.append((id, changed ? (enabled ? "pending" : "disabling") : (enabled ? "enabled" : "disabled")))
        }
        return result
    }

    /// An instance whose configuration a call may change: any visible one that is not terminated.
    private func modifiableInstance(_ id: String) throws(EC2Error) -> Instance {
        let instance = try requireInstance(id)
        guard instance.state != .terminated, instance.state != .shuttingDown else { throw .incorrectInstanceState(id, "modified") }
        return instance
    }
}
