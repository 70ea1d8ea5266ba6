/// ModifyInstanceAttribute: one attribute per call, some only while the instance is stopped.
extension Transaction {
    public enum InstanceAttribute: Sendable {
        case instanceType(String)
        case userData(String)
        case sourceDestCheck(Bool)
        case groups([String])
        case disableApiTermination(Bool)
        case disableApiStop(Bool)
        case shutdownBehavior(InstanceConfiguration.ShutdownBehavior)
        /// Only while the instance is stopped, as AWS's EBS optimization guide says.
        case ebsOptimized(Bool)
        /// `BlockDeviceMapping.N`: whether the volume at each device goes with the instance.
        case deleteOnTermination([(device: String, deleteOnTermination: Bool)])
    }

    public mutating func modifyInstanceAttribute(_ id: String, _ attribute: InstanceAttribute) throws(EC2Error) {
        var instance = try requireInstance(id)
        guard instance.state != .terminated else { throw .incorrectInstanceState(id, "modified") }
        switch attribute {
        case .instanceType(let type):
            guard instance.state == .stopped else { throw .notStopped(id) }
            // The new type must run the instance's image, as at launch ("you must select an instance type that has the
            // same processor architecture", the EC2 User Guide): refused with RunInstances' words, AWS's for this call
            // not being known.
            let architectures = InstanceTypeCatalog.type(named: type)?.list(.architectures) ?? []
            guard architectures.isEmpty || architectures.contains(instance.architecture) else {
                throw .architectureMismatch(instanceType: architectures, image: instance.architecture)
            }
            // A burstable instance resized to a type that does not burst keeps its credit option, as
            // DescribeInstanceCreditSpecifications documents ("if you resize a T2 instance, while it is configured as
            // unlimited, to an M4 instance, Amazon EC2 returns the M4 instance").
            if instance.configuration.cpuCredits == nil, !Instance.isBurstable(type) {
                instance.configuration.cpuCredits = instance.cpuCredits
            }
            instance.instanceType = type
            put(instance)
        case .userData(let data):
            guard instance.state == .stopped else { throw .notStopped(id) }
            instance.userData = data
            put(instance)
        case .sourceDestCheck(let value):
            try modifyNetworkInterfaceAttribute(try soleInterface(of: instance).id, .sourceDestCheck(value))
        case .groups(let ids):
            try modifyNetworkInterfaceAttribute(try soleInterface(of: instance).id, .groups(ids))
        case .disableApiTermination(let value):
            instance.configuration.disableApiTermination = value
            put(instance)
        case .disableApiStop(let value):
            instance.configuration.disableApiStop = value
            put(instance)
        case .shutdownBehavior(let value):
            instance.configuration.shutdownBehavior = value
            put(instance)
        case .ebsOptimized(let value):
            guard instance.state == .stopped else { throw .notStopped(id) }
            instance.configuration.ebsOptimized = value
            put(instance)
        case .deleteOnTermination(let changes):
            let attached = volumes(of: id)
            for change in changes {
                guard var volume = attached.first(where: { $0.attachment?.device == change.device }) else {
                    throw .noDeviceMapped(change.device, instanceId: id)
                }
                volume.attachment?.deleteOnTermination = change.deleteOnTermination
                put(volume)
            }
        }
    }

    /// The one interface of an instance, for calls that name the instance where AWS needs an interface; an
    /// instance with several must be addressed by interface (`InvalidInstanceID`).
    func soleInterface(of instance: Instance) throws(EC2Error) -> NetworkInterface {
        let attached = interfaces(of: instance.id)
        guard attached.count <= 1 else {
            throw EC2Error(
                code: "InvalidInstanceID",
                message:
                    "There are multiple interfaces attached to instance '\(instance.id)'. Please specify an interface ID for the operation instead.")
        }
        return try require(NetworkInterface.self, instance.primaryNetworkInterfaceId)
    }
}

extension EC2Error {
    static func notStopped(_ id: String) -> EC2Error {
        EC2Error(code: "IncorrectInstanceState", message: "The instance '\(id)' is not in the 'stopped' state.")
    }
}
