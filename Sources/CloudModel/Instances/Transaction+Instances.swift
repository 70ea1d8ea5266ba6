import Addressing
import Foundation

/// RunInstances and the instance lifecycle: start, stop, reboot, terminate.
extension Transaction {
    /// The instance `id` if it exists and is still visible (terminated ones vanish after an hour).
    public func requireInstance(_ id: String) throws(EC2Error) -> Instance {
        let instance = try require(Instance.self, id)
        guard instance.isVisible(at: now) else { throw ResourceIdKind.instance.notFound([id]) }
        return instance
    }

    /// Launches between `minCount` and `maxCount` instances (as many as the subnet has addresses for), each
    /// with a primary interface, into one reservation; a repeated client token answers the first launch.
    public mutating func runInstances(_ launch: InstanceLaunch) throws(EC2Error) -> [Instance] {
        guard let imageId = launch.imageId else { throw .missingParameter("ImageId") }
        guard Image.isWellFormedId(imageId) else { throw .imageIdMalformed(imageId) }
        guard launch.minCount >= 1, launch.maxCount >= launch.minCount else {
            throw .invalidParameterValue("MinCount (\(launch.minCount)) must be at least 1 and at most MaxCount (\(launch.maxCount)).")
        }
        // Bounded before any arithmetic on it (a count of -1 made the address sum zero and divided by it).
        guard (0...Self.secondaryPrivateIpAddressesPerInterface).contains(launch.secondaryPrivateIpAddressCount) else {
            throw .invalidParameterValue("Invalid value '\(launch.secondaryPrivateIpAddressCount)' for secondaryPrivateIpAddressCount.")
        }
        if let token = launch.clientToken, let previous = previousLaunch(token: token) {
            guard previous.fingerprint == launch.fingerprint else {
                throw EC2Error(
                    code: "IdempotentParameterMismatch",
                    message: "Arguments on this idempotent request are inconsistent with arguments used in previous request(s).")
            }
            return previous.instances
        }
        // The new primary interface holds no more addresses than the instance type allows (at most 50, so this also
        // bounds the named ones; the count is bounded above and an array's length cannot overflow the sum; the IPv6
        // count is compared, not summed, as it may be anything).
        let limits = InterfaceLimits(instanceType: launch.instanceType)
        guard 1 + launch.secondaryPrivateIpAddressCount + launch.secondaryPrivateIpAddresses.count <= limits.ipv4AddressesPerInterface else {
            throw .privateIpAddressLimitExceeded
        }
        guard max(launch.ipv6AddressCount ?? 0, launch.ipv6Addresses.count) <= limits.ipv6AddressesPerInterface else {
            throw .ipv6AddressLimitExceeded
        }
        if launch.networkInterfaceId != nil,
            launch.privateIpAddress != nil || launch.secondaryPrivateIpAddressCount > 0 || !launch.secondaryPrivateIpAddresses.isEmpty
        {
            throw .invalidParameterCombination(
                "An existing network interface keeps its addresses: privateIpAddress and secondary addresses cannot be given with it.")
        }
        if launch.associatePublicIpAddress == true, launch.networkInterfaceId != nil {
            // "can only be assigned to a new network interface, not an existing one" (the API reference).
            throw .invalidParameterCombination("The associatePublicIPAddress parameter cannot be specified for an existing network interface.")
        }
        if launch.privateIpAddress != nil || launch.networkInterfaceId != nil || !launch.ipv6Addresses.isEmpty
            || !launch.secondaryPrivateIpAddresses.isEmpty, launch.maxCount > 1
        {
            throw .invalidParameterCombination(
                "A private IP address, IPv6 addresses or an existing network interface can be used only when launching one instance.")
        }
        if !launch.securityGroupNames.isEmpty, launch.subnetId != nil {
            throw .invalidParameterCombination("The parameter groupName cannot be used with the parameter subnet")
        }
        // The instance keeps the name, as AWS reports it; the key must exist when the instance is launched.
        let keyPair = try launch.keyName.map { name throws(EC2Error) in try requireKeyPair(named: name) }
        let subnet = try launchSubnet(launch)
        // Every instance of a dedicated-tenancy VPC runs on dedicated hardware, which LocalVPC does not model (as it
        // refuses `Placement.Tenancy=dedicated`): refused rather than launched as shared and reported so.
        if let vpc = get(Vpc.self, subnet.subnetVpcId), vpc.instanceTenancy != "default" {
            throw EC2Error(
                code: "UnsupportedOperation",
                message: "Launching into \(vpc.id), a VPC of \(vpc.instanceTenancy) instance tenancy, is not supported by LocalVPC yet.")
        }
        // Checked before anything is made: a launch past the quota changes nothing.
        guard launch.minCount <= self.configuration.instancesPerLaunch else {
            throw .instanceLimitExceeded(room: self.configuration.instancesPerLaunch, requested: launch.minCount)
        }
        let groups = try securityGroupIds(launch.securityGroupIds, names: launch.securityGroupNames, inVpc: subnet.subnetVpcId)
        var instanceTags = try Self.tags(for: "instance", from: launch.tagSpecifications)
        if let template = launch.launchTemplate {
            instanceTags.setSystemTag("aws:ec2launchtemplate:id", template.id)
            instanceTags.setSystemTag("aws:ec2launchtemplate:version", String(template.version))
        }
        let configuration = try launchConfiguration(launch, imageId: imageId)
        let interfaceTags = try Self.tags(for: "network-interface", from: launch.tagSpecifications)
        let volumeTags = try Self.tags(for: "volume", from: launch.tagSpecifications)
        guard let block = subnet.cidrBlock else { throw .ipv6OnlySubnetLaunch(subnet.id) }
        var taken = privateIpsInUse(in: subnet)
        let free = SubnetAddressing.usableAddressCount(in: block) - taken.count
        let needed = 1 + launch.secondaryPrivateIpAddressCount + launch.secondaryPrivateIpAddresses.count
        guard launch.networkInterfaceId != nil || free >= launch.minCount * needed else {
            throw EC2Error(
                code: "InsufficientFreeAddressesInSubnet",
                message: "There are not enough free addresses in subnet '\(subnet.id)' to satisfy the requested number of instances.")
        }
        let count = launch.networkInterfaceId != nil ? 1 : min(launch.maxCount, free / needed, self.configuration.instancesPerLaunch)
        let root = rootVolume(for: imageId)
        let reservationId = newId(.reservation)
        let wantsPublicIp = launch.associatePublicIpAddress ?? subnet.mapPublicIpOnLaunch
        var instances: [Instance] = []
        for index in 0..<count {
            let instanceId = newId(.instance)
            var interface: NetworkInterface
            if let existing = launch.networkInterfaceId {
                interface = try require(NetworkInterface.self, existing)
                guard interface.attachment == nil else {
                    throw EC2Error(code: "InvalidNetworkInterface.InUse", message: "Interface: [\(existing)] in use.")
                }
                guard interface.privateIpAddresses.count <= limits.ipv4AddressesPerInterface else {
                    throw .interfaceAddressLimitExceeded(
                        count: interface.privateIpAddresses.count, interfaceId: existing, instanceType: launch.instanceType)
                }
            } else {
                let request = InterfaceRequest(
                    subnetId: subnet.id, description: launch.interfaceDescription ?? "", groupIds: groups, privateIpAddress: launch.privateIpAddress,
                    secondaryPrivateIpAddressCount: launch.secondaryPrivateIpAddressCount,
                    secondaryPrivateIpAddresses: launch.secondaryPrivateIpAddresses, ipv6AddressCount: launch.ipv6AddressCount,
                    ipv6Addresses: launch.ipv6Addresses)
                interface = try makeInterface(request, in: subnet, taken: &taken, tags: interfaceTags)
            }
            interface.attachment = NetworkInterface.Attachment(
                attachmentId: newId(.networkInterfaceAttachment), instanceId: instanceId, deviceIndex: 0,
                deleteOnTermination: launch.networkInterfaceId == nil && launch.deleteOnTermination, attachTime: now)
            if wantsPublicIp { interface.autoPublicIp = try allocatePublicIp() }
            put(interface)
            var instance = Instance(
                id: instanceId, scope: scope, reservationId: reservationId, imageId: imageId, instanceType: launch.instanceType, subnet: subnet,
                primaryNetworkInterfaceId: interface.id, keyName: launch.keyName, userData: launch.userData, clientToken: launch.clientToken,
                amiLaunchIndex: index, wantsPublicIp: wantsPublicIp, tags: instanceTags, launchTime: now, configuration: configuration)
            instance.launchFingerprint = launch.clientToken == nil ? nil : launch.fingerprint
            instance.launchPublicKey = keyPair?.publicKey
            if self.configuration.instancesBootPending { instance.state = .pending }
            put(instance)
            try attachLaunchVolumes(launch.blockDeviceMappings, to: instance, rootVolume: root, tags: volumeTags)
            instances.append(instance)
        }
        return instances
    }

    /// One instance's state before and after a lifecycle call, as StartInstances and its siblings report it.
    public struct StateChange: Sendable {
        public let instanceId: String
        public let previous: InstanceState
        public let current: InstanceState
    }

    public mutating func startInstances(_ ids: [String]) throws(EC2Error) -> [StateChange] {
        try changeStates(ids) { (transaction: inout Transaction, instance: inout Instance) throws(EC2Error) in
            switch instance.state {
            case .stopped:
                // An instance boots from the volume at its root device name: one detached (or attached back under
                // another name) leaves nothing to boot.
                guard transaction.volumes(of: instance.id).contains(where: { $0.attachment?.device == instance.rootDeviceName }) else {
                    throw .noRootVolume(instance.id, rootDeviceName: instance.rootDeviceName)
                }
                instance.state = transaction.configuration.instancesBootPending ? .pending : .running
                if instance.wantsPublicIp, var interface = transaction.get(NetworkInterface.self, instance.primaryNetworkInterfaceId),
                    interface.autoPublicIp == nil, !transaction.hasElasticIp(interface.id)
                {
                    interface.autoPublicIp = try transaction.allocatePublicIp()
                    transaction.put(interface)
                }
                return .pending
            case .running: return .running
            default: throw .incorrectInstanceState(instance.id, "started")
            }
        }
    }

    public mutating func stopInstances(_ ids: [String]) throws(EC2Error) -> [StateChange] {
        try changeStates(ids) { (transaction: inout Transaction, instance: inout Instance) throws(EC2Error) in
            switch instance.state {
            case .running:
                guard !instance.configuration.disableApiStop else { throw .stopProtected(instance.id) }
                instance.state = .stopped
                // A stopped instance gives back its auto-assigned public address (an Elastic IP stays).
                if var interface = transaction.get(NetworkInterface.self, instance.primaryNetworkInterfaceId), interface.autoPublicIp != nil {
                    interface.autoPublicIp = nil
                    transaction.put(interface)
                }
                return .stopping
            case .stopped: return .stopped
            default: throw .incorrectInstanceState(instance.id, "stopped")
            }
        }
    }

    public mutating func rebootInstances(_ ids: [String]) throws(EC2Error) {
        // "Requests to reboot terminated instances are ignored" (RebootInstances), and a reboot changes no state.
        _ = try changeStates(ids) { (_: inout Transaction, instance: inout Instance) throws(EC2Error) in instance.state }
    }

    /// Terminates instances: their interfaces marked delete-on-termination go with them, the others are
    /// detached, and their Elastic IPs are disassociated.
    public mutating func terminateInstances(_ ids: [String]) throws(EC2Error) -> [StateChange] {
        try changeStates(ids) { (transaction: inout Transaction, instance: inout Instance) throws(EC2Error) in
            guard instance.state != .terminated else { return .terminated }
            guard !instance.configuration.disableApiTermination else { throw .terminationProtected(instance.id) }
            for var interface in transaction.interfaces(of: instance.id) {
                transaction.releasePublicAddresses(of: interface)
                if interface.attachment?.deleteOnTermination == true {
                    transaction.deleteFlowLogs(monitoring: interface.id)
                    transaction.delete(interface)
                } else {
                    interface.attachment = nil
                    interface.autoPublicIp = nil
                    transaction.put(interface)
                }
            }
            transaction.releaseVolumes(of: instance.id)
            instance.state = .terminated
            return .shuttingDown
        }
    }

    /// Applies `change` to each instance, all or none; it returns the state the call reports.
    private mutating func changeStates(
        _ ids: [String],
        _ change: (inout Transaction, inout Instance) throws(EC2Error) -> InstanceState
    ) throws(EC2Error) -> [StateChange] {
        guard !ids.isEmpty else { throw .missingParameter("InstanceId") }
        for id in ids { try ResourceIdKind.instance.validate(id) }
        let missing = ids.filter { get(Instance.self, $0)?.isVisible(at: now) != true }
        guard missing.isEmpty else { throw ResourceIdKind.instance.notFound(missing) }
        var changes: [StateChange] = []
        for id in ids {
            var instance = get(Instance.self, id)!
            let previous = instance.state
            let reported = try change(&self, &instance)
            if instance.state != previous { instance.stateChangedAt = now }
            put(instance)
            changes.append(StateChange(instanceId: id, previous: previous, current: reported))
        }
        return changes
    }

    private func launchSubnet(_ launch: InstanceLaunch) throws(EC2Error) -> Subnet {
        var named: Subnet?
        if let subnetId = launch.subnetId {
            named = try require(Subnet.self, subnetId)
        } else if let interfaceId = launch.networkInterfaceId {
            named = try require(Subnet.self, try require(NetworkInterface.self, interfaceId).subnetId)
        }
        if let named {
            // `Placement.AvailabilityZone` must agree with the subnet's zone, never silently give way to it.
            if let zone = launch.availabilityZone, zone != named.availabilityZone {
                throw .invalidParameterValue(
                    "Value (\(zone)) for parameter availabilityZone is invalid. Subnet '\(named.id)' is in the availability zone \(named.availabilityZone)"
                )
            }
            return named
        }
        // Without a subnet, AWS launches into a default subnet of the default VPC.
        guard let defaultVpc = all(Vpc.self).first(where: \.isDefault) else {
            throw EC2Error(
                code: "VPCIdNotSpecified", message: "No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC.")
        }
        let subnets = all(Subnet.self, inVpc: defaultVpc.id).filter(\.defaultForAz)
            .filter { launch.availabilityZone == nil || $0.availabilityZone == launch.availabilityZone }
            .sorted { $0.availabilityZone < $1.availabilityZone }
        guard let subnet = subnets.first else {
            throw EC2Error(code: "MissingInput", message: "No subnets found for the default VPC '\(defaultVpc.id)'. Please specify a subnet.")
        }
        return subnet
    }

    private func previousLaunch(token: String) -> (fingerprint: String, instances: [Instance])? {
        // Every boto3 and CLI launch carries a token of its own: look for one before gathering a region's instances.
        guard first(Instance.self, where: { $0.clientToken == token }) != nil else { return nil }
        let instances = all(Instance.self).filter { $0.clientToken == token }.sorted { $0.amiLaunchIndex < $1.amiLaunchIndex }
        guard let first = instances.first else { return nil }
        return (first.launchFingerprint ?? "", instances)
    }

    /// The tags of `resourceType` in a launch's specifications.
    static func tags(for resourceType: String, from specifications: [TagSpecification]) throws(EC2Error) -> TagSet {
        let allowed: Set<String> = ["instance", "network-interface", "volume"]
        for specification in specifications {
            guard let type = specification.resourceType else { throw .missingParameter("TagSpecification.N.ResourceType") }
            guard allowed.contains(type) else { throw .invalidParameterValue("'\(type)' is not a valid taggable resource type for this operation.") }
        }
        return try TagSet.creating(resourceType, from: specifications.filter { $0.resourceType == resourceType })
    }
}

extension EC2Error {
    /// StartInstances of an instance whose root volume was detached: AWS's words, as its VM Import guide quotes them
    /// ("Invalid value <instance ID> for instanceId. Instance does not have a volume attached at root (/dev/sda1).").
    static func noRootVolume(_ id: String, rootDeviceName: String) -> EC2Error {
        .invalidParameterValue("Invalid value '\(id)' for instanceId. Instance does not have a volume attached at root (\(rootDeviceName)).")
    }

    /// `IncorrectInstanceState`: the instance cannot be `done` (started, stopped, …) in its state.
    static func incorrectInstanceState(_ id: String, _ done: String) -> EC2Error {
        EC2Error(code: "IncorrectInstanceState", message: "The instance '\(id)' is not in a state from which it can be \(done).")
    }
}
