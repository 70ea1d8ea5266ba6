import CloudModel
import EC2Protocol

extension LaunchTemplateData {
    /// The model's data from a request's `LaunchTemplateData`; what LocalVPC does not model is refused by name.
    init(_ request: EC2.RequestLaunchTemplateData) throws(EC2Error) {
        func named(_ value: (some Any)?) -> String? { value.map { _ in "" } }
        try Unsupported.refuse(
            [
                "LaunchTemplateData.KernelId": request.kernelId, "LaunchTemplateData.RamDiskId": request.ramDiskId,
                "LaunchTemplateData.ElasticGpuSpecification": named(request.elasticGpuSpecifications),
                "LaunchTemplateData.ElasticInferenceAccelerator": named(request.elasticInferenceAccelerators),
                "LaunchTemplateData.InstanceMarketOptions": named(request.instanceMarketOptions),
                "LaunchTemplateData.CpuOptions": named(request.cpuOptions),
                "LaunchTemplateData.CapacityReservationSpecification": named(request.capacityReservationSpecification),
                "LaunchTemplateData.LicenseSpecification": named(request.licenseSpecifications),
                "LaunchTemplateData.HibernationOptions": named(request.hibernationOptions),
                "LaunchTemplateData.EnclaveOptions": named(request.enclaveOptions),
                "LaunchTemplateData.InstanceRequirements": named(request.instanceRequirements),
                "LaunchTemplateData.PrivateDnsNameOptions": named(request.privateDnsNameOptions),
                "LaunchTemplateData.NetworkPerformanceOptions": named(request.networkPerformanceOptions),
                "LaunchTemplateData.SecondaryInterface": named(request.secondaryInterfaces),
            ])
        self.init()
        if let type = request.instanceType { instanceType = try EC2Handlers.validInstanceType(type) }
        imageId = request.imageId
        keyName = request.keyName
        userData = request.userData
        securityGroupIds = request.securityGroupIds
        securityGroups = request.securityGroups
        availabilityZone = request.placement?.availabilityZone
        networkInterfaces = request.networkInterfaces?.map { wire in
            var interface = NetworkInterface()
            interface.deviceIndex = wire.deviceIndex
            interface.subnetId = wire.subnetId
            interface.groups = wire.groups
            interface.associatePublicIpAddress = wire.associatePublicIpAddress
            interface.deleteOnTermination = wire.deleteOnTermination
            interface.description = wire.description
            interface.privateIpAddress = wire.privateIpAddress
            interface.secondaryPrivateIpAddressCount = wire.secondaryPrivateIpAddressCount
            interface.ipv6AddressCount = wire.ipv6AddressCount
            return interface
        }
        blockDeviceMappings = request.blockDeviceMappings?.map { wire in
            var device = BlockDevice()
            device.deviceName = wire.deviceName
            device.volumeSize = wire.ebs?.volumeSize
            device.volumeType = wire.ebs?.volumeType
            device.iops = wire.ebs?.iops
            device.throughput = wire.ebs?.throughput
            device.encrypted = wire.ebs?.encrypted
            device.deleteOnTermination = wire.ebs?.deleteOnTermination
            return device
        }
        tagSpecifications = request.tagSpecifications?.map { specification in
            TagSpecificationData(
                resourceType: specification.resourceType,
                tags: Dictionary((specification.tags ?? []).map { ($0.key ?? "", $0.value ?? "") }, uniquingKeysWith: { _, last in last }))
        }
        ebsOptimized = request.ebsOptimized
        disableApiTermination = request.disableApiTermination
        disableApiStop = request.disableApiStop
        instanceInitiatedShutdownBehavior = request.instanceInitiatedShutdownBehavior
        monitoringEnabled = request.monitoring?.enabled
        iamInstanceProfileArn = request.iamInstanceProfile?.arn
        iamInstanceProfileName = request.iamInstanceProfile?.name
        if let options = request.metadataOptions {
            // Refused now rather than at launch, as AWS validates a version's values when it is made.
            _ = try InstanceMetadataOptions.Change.parse(
                httpTokens: options.httpTokens, httpPutResponseHopLimit: options.httpPutResponseHopLimit, httpEndpoint: options.httpEndpoint,
                httpProtocolIpv6: options.httpProtocolIpv6, instanceMetadataTags: options.instanceMetadataTags)
        }
        metadataHttpTokens = request.metadataOptions?.httpTokens
        metadataHttpPutResponseHopLimit = request.metadataOptions?.httpPutResponseHopLimit
        metadataHttpEndpoint = request.metadataOptions?.httpEndpoint
        metadataHttpProtocolIpv6 = request.metadataOptions?.httpProtocolIpv6
        metadataInstanceMetadataTags = request.metadataOptions?.instanceMetadataTags
        if let credits = request.creditSpecification?.cpuCredits { cpuCredits = try InstanceConfiguration.CpuCredits.parse(credits).rawValue }
        autoRecovery = try InstanceMaintenanceOptions.setting(request.maintenanceOptions?.autoRecovery, parameter: "AutoRecovery")?.rawValue
        if let value = request.instanceInitiatedShutdownBehavior { _ = try InstanceConfiguration.ShutdownBehavior.parse(value) }
    }
}

extension EC2.ResponseLaunchTemplateData {
    init(_ data: LaunchTemplateData) {
        self.init()
        imageId = data.imageId
        instanceType = data.instanceType
        keyName = data.keyName
        userData = data.userData
        securityGroupIds = data.securityGroupIds
        securityGroups = data.securityGroups
        placement = data.availabilityZone.map { EC2.LaunchTemplatePlacement(availabilityZone: $0) }
        networkInterfaces = data.networkInterfaces?.map {
            EC2.LaunchTemplateInstanceNetworkInterfaceSpecification(
                associatePublicIpAddress: $0.associatePublicIpAddress, deleteOnTermination: $0.deleteOnTermination, description: $0.description,
                deviceIndex: $0.deviceIndex, groups: $0.groups, ipv6AddressCount: $0.ipv6AddressCount, privateIpAddress: $0.privateIpAddress,
                secondaryPrivateIpAddressCount: $0.secondaryPrivateIpAddressCount, subnetId: $0.subnetId)
        }
        blockDeviceMappings = data.blockDeviceMappings?.map {
            EC2.LaunchTemplateBlockDeviceMapping(
                deviceName: $0.deviceName,
                ebs: EC2.LaunchTemplateEbsBlockDevice(
                    encrypted: $0.encrypted, deleteOnTermination: $0.deleteOnTermination, iops: $0.iops, volumeSize: $0.volumeSize,
                    volumeType: $0.volumeType, throughput: $0.throughput))
        }
        tagSpecifications = data.tagSpecifications?.map { specification in
            EC2.LaunchTemplateTagSpecification(
                resourceType: specification.resourceType,
                tags: specification.tags.sorted { $0.key < $1.key }.map { EC2.Tag(key: $0.key, value: $0.value) })
        }
        ebsOptimized = data.ebsOptimized
        disableApiTermination = data.disableApiTermination
        disableApiStop = data.disableApiStop
        instanceInitiatedShutdownBehavior = data.instanceInitiatedShutdownBehavior
        monitoring = data.monitoringEnabled.map { EC2.LaunchTemplatesMonitoring(enabled: $0) }
        if data.iamInstanceProfileArn != nil || data.iamInstanceProfileName != nil {
            iamInstanceProfile = EC2.LaunchTemplateIamInstanceProfileSpecification(arn: data.iamInstanceProfileArn, name: data.iamInstanceProfileName)
        }
        if let options = data.metadataOptionsRequest {
            metadataOptions = EC2.LaunchTemplateInstanceMetadataOptions(
                state: "applied", httpTokens: options.httpTokens, httpPutResponseHopLimit: options.httpPutResponseHopLimit,
                httpEndpoint: options.httpEndpoint, httpProtocolIpv6: options.httpProtocolIpv6, instanceMetadataTags: options.instanceMetadataTags)
        }
        creditSpecification = data.cpuCredits.map { EC2.CreditSpecification(cpuCredits: $0) }
        maintenanceOptions = data.autoRecovery.map { EC2.LaunchTemplateInstanceMaintenanceOptions(autoRecovery: $0) }
    }
}

extension EC2.RunInstancesRequest {
    /// The request with what it leaves out taken from a launch template version: the request's own parameters win,
    /// as AWS says ("parameters that you specify in the request override the same parameters in the launch template").
    func filled(from data: LaunchTemplateData) -> Self {
        var request = self
        request.imageId = imageId ?? data.imageId
        request.instanceType = instanceType ?? data.instanceType
        request.keyName = keyName ?? data.keyName
        request.userData = userData ?? data.userData
        if securityGroupIds == nil && securityGroups == nil && networkInterfaces == nil {
            request.securityGroupIds = data.securityGroupIds
            request.securityGroups = data.securityGroups
        }
        if request.placement?.availabilityZone == nil, let zone = data.availabilityZone {
            request.placement = EC2.Placement(availabilityZone: zone)
        }
        if networkInterfaces == nil, subnetId == nil, let interfaces = data.networkInterfaces {
            request.networkInterfaces = interfaces.map {
                EC2.InstanceNetworkInterfaceSpecification(
                    associatePublicIpAddress: $0.associatePublicIpAddress, deleteOnTermination: $0.deleteOnTermination, description: $0.description,
                    deviceIndex: $0.deviceIndex, groups: $0.groups, ipv6AddressCount: $0.ipv6AddressCount, privateIpAddress: $0.privateIpAddress,
                    secondaryPrivateIpAddressCount: $0.secondaryPrivateIpAddressCount, subnetId: $0.subnetId)
            }
        }
        if blockDeviceMappings == nil, let devices = data.blockDeviceMappings {
            request.blockDeviceMappings = devices.map {
                EC2.BlockDeviceMapping(
                    ebs: EC2.EbsBlockDevice(
                        deleteOnTermination: $0.deleteOnTermination, iops: $0.iops, volumeSize: $0.volumeSize, volumeType: $0.volumeType,
                        throughput: $0.throughput, encrypted: $0.encrypted),
                    deviceName: $0.deviceName)
            }
        }
        // Tags: the request's specification for a resource type replaces the template's for that type.
        let given = Set((tagSpecifications ?? []).compactMap(\.resourceType))
        let inherited = (data.tagSpecifications ?? []).filter { !given.contains($0.resourceType ?? "") }.map { specification in
            EC2.TagSpecification(
                resourceType: specification.resourceType,
                tags: specification.tags.sorted { $0.key < $1.key }.map { EC2.Tag(key: $0.key, value: $0.value) })
        }
        if !inherited.isEmpty { request.tagSpecifications = (tagSpecifications ?? []) + inherited }
        // Metadata options: each one the request leaves out comes from the template.
        if let inherited = data.metadataOptionsRequest {
            var options = metadataOptions ?? EC2.InstanceMetadataOptionsRequest()
            options.httpTokens = options.httpTokens ?? inherited.httpTokens
            options.httpPutResponseHopLimit = options.httpPutResponseHopLimit ?? inherited.httpPutResponseHopLimit
            options.httpEndpoint = options.httpEndpoint ?? inherited.httpEndpoint
            options.httpProtocolIpv6 = options.httpProtocolIpv6 ?? inherited.httpProtocolIpv6
            options.instanceMetadataTags = options.instanceMetadataTags ?? inherited.instanceMetadataTags
            request.metadataOptions = options
        }
        if creditSpecification == nil, let credits = data.cpuCredits {
            request.creditSpecification = EC2.CreditSpecificationRequest(cpuCredits: credits)
        }
        if maintenanceOptions?.autoRecovery == nil, let value = data.autoRecovery {
            request.maintenanceOptions = EC2.InstanceMaintenanceOptionsRequest(autoRecovery: value)
        }
        request.disableApiTermination = disableApiTermination ?? data.disableApiTermination
        request.disableApiStop = disableApiStop ?? data.disableApiStop
        request.instanceInitiatedShutdownBehavior = instanceInitiatedShutdownBehavior ?? data.instanceInitiatedShutdownBehavior
        request.ebsOptimized = ebsOptimized ?? data.ebsOptimized
        if monitoring == nil, let enabled = data.monitoringEnabled { request.monitoring = EC2.RunInstancesMonitoringEnabled(enabled: enabled) }
        request.launchTemplate = nil
        return request
    }
}

extension LaunchTemplateData {
    /// The version's metadata options as the request shape carries them; nil when it sets none.
    var metadataOptionsRequest: EC2.InstanceMetadataOptionsRequest? {
        let options = EC2.InstanceMetadataOptionsRequest(
            httpTokens: metadataHttpTokens, httpPutResponseHopLimit: metadataHttpPutResponseHopLimit, httpEndpoint: metadataHttpEndpoint,
            httpProtocolIpv6: metadataHttpProtocolIpv6, instanceMetadataTags: metadataInstanceMetadataTags)
        return options == EC2.InstanceMetadataOptionsRequest() ? nil : options
    }
}
