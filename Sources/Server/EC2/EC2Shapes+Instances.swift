import Addressing
import CloudModel
import EC2Protocol
import Foundation

extension InstanceLaunch {
    /// The model's launch from RunInstances: the primary interface may be described inline
    /// (`NetworkInterfaces.1`, as the CLI's `--associate-public-ip-address` sends it) or by the flat parameters.
    init(_ request: EC2.RunInstancesRequest) throws(EC2Error) {
        let interfaces = request.networkInterfaces ?? []
        guard interfaces.allSatisfy({ ($0.deviceIndex ?? 0) == 0 }), interfaces.count <= 1 else {
            throw EC2Error(code: "UnsupportedOperation", message: "Launching with more than one network interface is not supported by LocalVPC yet.")
        }
        try Self.refuseWhatIsNotModelled(request)
        let primary = interfaces.first
        let addresses = try PrivateAddressParameters.split(
            privateIpAddress: primary?.privateIpAddress ?? request.privateIpAddress, entries: primary?.privateIpAddresses ?? [],
            secondaryCount: primary?.secondaryPrivateIpAddressCount)
        if primary != nil, request.subnetId != nil || !(request.securityGroupIds ?? []).isEmpty || request.privateIpAddress != nil {
            throw EC2Error.invalidParameterCombination(
                "Network interfaces and an instance-level subnet, security groups or private IP address cannot be specified on the same request.")
        }
        self.init(
            imageId: request.imageId, instanceType: try EC2Handlers.validInstanceType(request.instanceType ?? "m1.small"),
            minCount: request.minCount, maxCount: request.maxCount, subnetId: primary?.subnetId ?? request.subnetId,
            securityGroupIds: primary?.groups ?? request.securityGroupIds ?? [], securityGroupNames: request.securityGroups ?? [],
            privateIpAddress: addresses.primary,
            associatePublicIpAddress: primary?.associatePublicIpAddress,
            networkInterfaceId: primary?.networkInterfaceId, deleteOnTermination: primary?.deleteOnTermination ?? true,
            secondaryPrivateIpAddressCount: primary?.secondaryPrivateIpAddressCount ?? 0,
            ipv6AddressCount: primary?.ipv6AddressCount ?? request.ipv6AddressCount,
            ipv6Addresses: (primary?.ipv6Addresses ?? request.ipv6Addresses ?? []).compactMap(\.ipv6Address),
            // Terraform's provider sends an empty zone when none is configured: AWS reads it as none.
            availabilityZone: request.placement?.availabilityZone.flatMap { $0.isEmpty ? nil : $0 },
            interfaceDescription: primary?.description, keyName: request.keyName, userData: request.userData,
            clientToken: request.clientToken, tagSpecifications: TagSpecification.from(request.tagSpecifications))
        secondaryPrivateIpAddresses = addresses.secondaries
        blockDeviceMappings = try (request.blockDeviceMappings ?? []).map { mapping throws(EC2Error) in
            try Transaction.BlockDeviceMappingRequest(mapping)
        }
        if let options = request.metadataOptions {
            metadataOptions = try InstanceMetadataOptions.Change.parse(
                httpTokens: options.httpTokens, httpPutResponseHopLimit: options.httpPutResponseHopLimit, httpEndpoint: options.httpEndpoint,
                httpProtocolIpv6: options.httpProtocolIpv6, instanceMetadataTags: options.instanceMetadataTags)
        }
        cpuCredits = try request.creditSpecification.map { specification throws(EC2Error) in
            try InstanceConfiguration.CpuCredits.parse(specification.cpuCredits)
        }
        autoRecovery = try InstanceMaintenanceOptions.setting(request.maintenanceOptions?.autoRecovery, parameter: "AutoRecovery")
        disableApiTermination = request.disableApiTermination
        disableApiStop = request.disableApiStop
        shutdownBehavior = try request.instanceInitiatedShutdownBehavior.map { value throws(EC2Error) in
            try InstanceConfiguration.ShutdownBehavior.parse(value)
        }
        ebsOptimized = request.ebsOptimized
        monitoring = request.monitoring?.enabled
    }
}

extension InstanceLaunch {
    /// Refuses, by name, the launch options LocalVPC does not model when a request asks for more than their defaults
    /// (the defaults themselves are what every LocalVPC instance is, so tools that always send them still launch).
    /// IAM instance profiles are refused too: LocalVPC has no IAM.
    static func refuseWhatIsNotModelled(_ request: EC2.RunInstancesRequest) throws(EC2Error) {
        func set(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }
        func named(_ value: (some Any)?) -> String? { value.map { _ in "" } }
        func when(_ condition: Bool) -> String? { condition ? "" : nil }
        let placement = request.placement
        let dns = request.privateDnsNameOptions
        try Unsupported.refuse(
            [
                // Terraform's provider (v4, early v5) always sends `IamInstanceProfile.Name=""`: asking for none.
                "IamInstanceProfile": set(request.iamInstanceProfile?.name) ?? set(request.iamInstanceProfile?.arn),
                "KernelId": set(request.kernelId),
                "RamdiskId": set(request.ramdiskId),
                "InstanceMarketOptions": named(request.instanceMarketOptions), "CpuOptions": named(request.cpuOptions),
                "CapacityReservationSpecification": when(
                    request.capacityReservationSpecification?.capacityReservationTarget != nil
                        || (set(request.capacityReservationSpecification?.capacityReservationPreference) ?? "open") != "open"),
                "HibernationOptions.Configured": when(request.hibernationOptions?.configured == true),
                "EnclaveOptions.Enabled": when(request.enclaveOptions?.enabled == true),
                "LicenseSpecification": named(request.licenseSpecifications), "ElasticGpuSpecification": named(request.elasticGpuSpecification),
                "ElasticInferenceAccelerator": named(request.elasticInferenceAccelerators),
                "Placement.Tenancy": when((set(placement?.tenancy) ?? "default") != "default"), "Placement.GroupName": set(placement?.groupName),
                "Placement.GroupId": set(placement?.groupId), "Placement.HostId": set(placement?.hostId),
                "Placement.HostResourceGroupArn": set(placement?.hostResourceGroupArn), "Placement.Affinity": set(placement?.affinity),
                "Placement.PartitionNumber": named(placement?.partitionNumber), "Placement.SpreadDomain": set(placement?.spreadDomain),
                "Placement.AvailabilityZoneId": set(placement?.availabilityZoneId),
                "PrivateDnsNameOptions": when(
                    (set(dns?.hostnameType) ?? InstancePlatform.hostnameType) != InstancePlatform.hostnameType
                        || dns?.enableResourceNameDnsARecord == true || dns?.enableResourceNameDnsAAAARecord == true),
                "NetworkPerformanceOptions.BandwidthWeighting": when(
                    (set(request.networkPerformanceOptions?.bandwidthWeighting) ?? InstancePlatform.bandwidthWeighting)
                        != InstancePlatform.bandwidthWeighting),
                "Operator": named(request.operator), "SecondaryInterface": named(request.secondaryInterfaces),
                "EnablePrimaryIpv6": when(request.enablePrimaryIpv6 == true),
            ])
    }
}

extension EC2.Reservation {
    init(_ id: String, instances: [Instance], in state: CloudState, at now: Date) {
        self.init()
        reservationId = id
        ownerId = instances.first?.scope.account
        groups = []
        self.instances = instances.map { EC2.Instance($0, in: state, at: now) }
    }
}

extension EC2.Instance {
    /// An instance as DescribeInstances shows it; a terminated one has no interfaces or addresses left.
    init(_ instance: Instance, in state: CloudState, at now: Date) {
        self.init()
        let region = instance.scope.region
        instanceId = instance.id
        imageId = instance.imageId
        self.state = EC2.InstanceState(instance.state)
        instanceType = instance.instanceType
        keyName = instance.keyName
        amiLaunchIndex = instance.amiLaunchIndex
        launchTime = instance.launchTime
        clientToken = instance.clientToken
        placement = EC2.Placement(tenancy: InstancePlatform.tenancy, availabilityZone: instance.availabilityZone)
        let configuration = instance.configuration
        monitoring = EC2.Monitoring(state: configuration.monitoring ? "enabled" : "disabled")
        architecture = instance.architecture
        hypervisor = InstancePlatform.hypervisor
        virtualizationType = InstancePlatform.virtualizationType
        rootDeviceName = instance.rootDeviceName
        rootDeviceType = InstancePlatform.rootDeviceType
        ebsOptimized = configuration.ebsOptimized
        enaSupport = InstancePlatform.enaSupport
        platformDetails = InstancePlatform.platformDetails
        usageOperation = InstancePlatform.usageOperation
        usageOperationUpdateTime = instance.launchTime
        productCodes = []
        metadataOptions = EC2.InstanceMetadataOptionsResponse(configuration.metadataOptions, state: "applied")
        privateDnsNameOptions = EC2.PrivateDnsNameOptionsResponse(
            hostnameType: InstancePlatform.hostnameType, enableResourceNameDnsARecord: false, enableResourceNameDnsAAAARecord: false)
        maintenanceOptions = EC2.InstanceMaintenanceOptions(
            autoRecovery: configuration.maintenanceOptions.autoRecovery.rawValue,
            rebootMigration: configuration.maintenanceOptions.rebootMigration.rawValue)
        // The type's default cores and threads, which AWS reports for every instance (Terraform reads them into
        // cpu_core_count and cpu_threads_per_core); LocalVPC launches with no other CPU options.
        cpuOptions = InstanceTypeCatalog.type(named: instance.instanceType).map {
            EC2.CpuOptions(coreCount: $0.int(.defaultCores), threadsPerCore: $0.int(.defaultThreadsPerCore))
        }
        enclaveOptions = EC2.EnclaveOptions(enabled: false)
        hibernationOptions = EC2.HibernationOptions(configured: false)
        capacityReservationSpecification = EC2.CapacityReservationSpecificationResponse(
            capacityReservationPreference: InstancePlatform.capacityReservationPreference)
        networkPerformanceOptions = EC2.InstanceNetworkPerformanceOptions(bandwidthWeighting: InstancePlatform.bandwidthWeighting)
        self.operator = EC2.OperatorResponse(managed: false)
        blockDeviceMappings = state.volumes(of: instance).compactMap(EC2.InstanceBlockDeviceMapping.init)
        tags = instance.tags.wire
        stateTransitionReason = instance.stateTransitionReason
        stateReason = instance.stateReasonCodeAndMessage.map { EC2.StateReason(code: $0.code, message: $0.message) }
        currentInstanceBootMode = instance.currentInstanceBootMode
        privateDnsName = ""
        publicDnsName = ""
        guard instance.state != .terminated else { return }
        subnetId = instance.subnetId
        vpcId = instance.instanceVpcId
        let interfaces = state.interfaces(of: instance)
        networkInterfaces = interfaces.map { EC2.InstanceNetworkInterface($0, in: state) }
        guard let primary = state.primaryInterface(of: instance) else { return }
        privateIpAddress = primary.primaryPrivateIp.description
        ipv6Address = primary.ipv6Addresses.first?.description
        privateDnsName = CloudState.privateDnsName(primary.primaryPrivateIp, region: region)
        sourceDestCheck = primary.sourceDestCheck
        securityGroups = primary.groupIds.map { EC2.GroupIdentifier(id: $0, in: state, scope: instance.scope) }
        if let publicIp = state.publicIp(of: primary) {
            publicIpAddress = publicIp.description
            publicDnsName = state.hasDnsHostnames(primary) ? CloudState.publicDnsName(publicIp, region: region) : ""
        }
    }
}

extension EC2.InstanceNetworkInterface {
    init(_ interface: NetworkInterface, in state: CloudState) {
        self.init()
        let region = interface.scope.region
        networkInterfaceId = interface.id
        description = interface.interfaceDescription
        groups = interface.groupIds.map { EC2.GroupIdentifier(id: $0, in: state, scope: interface.scope) }
        ipv6Addresses = interface.ipv6Addresses.map { EC2.InstanceIpv6Address(ipv6Address: $0.description, isPrimaryIpv6: false) }
        macAddress = interface.macAddress
        ownerId = interface.scope.account
        privateIpAddress = interface.primaryPrivateIp.description
        privateDnsName = CloudState.privateDnsName(interface.primaryPrivateIp, region: region)
        sourceDestCheck = interface.sourceDestCheck
        status = interface.status
        subnetId = interface.subnetId
        vpcId = interface.interfaceVpcId
        interfaceType = "interface"
        if let attachment = interface.attachment {
            self.attachment = EC2.InstanceNetworkInterfaceAttachment(
                attachTime: attachment.attachTime, attachmentId: attachment.attachmentId, deleteOnTermination: attachment.deleteOnTermination,
                deviceIndex: attachment.deviceIndex, status: "attached", networkCardIndex: 0)
        }
        association = state.publicAssociation(of: interface, privateIp: interface.primaryPrivateIp).map {
            EC2.InstanceNetworkInterfaceAssociation(ipOwnerId: $0.owner, publicDnsName: $0.dnsName, publicIp: $0.ip)
        }
        privateIpAddresses = interface.privateIpAddresses.enumerated().map { index, address in
            EC2.InstancePrivateIpAddress(
                association: state.publicAssociation(of: interface, privateIp: address).map {
                    EC2.InstanceNetworkInterfaceAssociation(ipOwnerId: $0.owner, publicDnsName: $0.dnsName, publicIp: $0.ip)
                },
                primary: index == 0, privateDnsName: CloudState.privateDnsName(address, region: region), privateIpAddress: address.description)
        }
    }
}
