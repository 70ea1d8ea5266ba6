/// What RunInstances asks for, as the model sees it.
public struct InstanceLaunch: Sendable {
    public var imageId: String?
    public var instanceType: String
    public var minCount: Int
    public var maxCount: Int
    public var subnetId: String?
    public var securityGroupIds: [String]
    public var securityGroupNames: [String]
    public var privateIpAddress: String?
    /// The primary interface's `AssociatePublicIpAddress`; nil means the subnet decides.
    public var associatePublicIpAddress: Bool?
    /// An existing interface to use as the primary one (device index 0).
    public var networkInterfaceId: String?
    public var deleteOnTermination: Bool
    public var secondaryPrivateIpAddressCount: Int
    /// Secondary private IPv4 addresses of the primary interface, by name (`PrivateIpAddresses` not marked primary).
    public var secondaryPrivateIpAddresses: [String] = []
    /// The primary interface's IPv6 addresses, by count or by name; neither means the subnet decides.
    public var ipv6AddressCount: Int?
    public var ipv6Addresses: [String]
    /// The EBS volumes the instance starts with, besides (or replacing) its default root volume.
    public var blockDeviceMappings: [Transaction.BlockDeviceMappingRequest] = []
    /// `Placement.AvailabilityZone`: without a subnet, the default subnet of this zone is used.
    public var availabilityZone: String?
    /// The primary interface's description, when the launch describes the interface.
    public var interfaceDescription: String?
    public var keyName: String?
    public var userData: String?
    public var clientToken: String?
    public var tagSpecifications: [TagSpecification]
    /// `MetadataOptions`, the template's filled in where the request says nothing.
    public var metadataOptions = InstanceMetadataOptions.Change()
    /// `CreditSpecification.CpuCredits`; nil gives the type's default.
    public var cpuCredits: InstanceConfiguration.CpuCredits?
    /// `MaintenanceOptions.AutoRecovery`.
    public var autoRecovery: InstanceMaintenanceOptions.Setting?
    public var disableApiTermination: Bool?
    public var disableApiStop: Bool?
    public var shutdownBehavior: InstanceConfiguration.ShutdownBehavior?
    public var ebsOptimized: Bool?
    /// `Monitoring.Enabled`: detailed monitoring.
    public var monitoring: Bool?
    /// The launch template version the launch came from: AWS tags the instances with it (`aws:ec2launchtemplate:id`
    /// and `aws:ec2launchtemplate:version`), which is how Terraform reads an instance's template back.
    public var launchTemplate: (id: String, version: Int)?

    public init(
        imageId: String?, instanceType: String = "m1.small", minCount: Int = 1, maxCount: Int = 1, subnetId: String? = nil,
        securityGroupIds: [String] = [], securityGroupNames: [String] = [], privateIpAddress: String? = nil,
        associatePublicIpAddress: Bool? = nil, networkInterfaceId: String? = nil, deleteOnTermination: Bool = true,
        secondaryPrivateIpAddressCount: Int = 0, ipv6AddressCount: Int? = nil, ipv6Addresses: [String] = [], availabilityZone: String? = nil,
        interfaceDescription: String? = nil, keyName: String? = nil,
        userData: String? = nil, clientToken: String? = nil,
        tagSpecifications: [TagSpecification] = []
    ) {
        self.imageId = imageId
        self.instanceType = instanceType
        self.minCount = minCount
        self.maxCount = maxCount
        self.subnetId = subnetId
        self.securityGroupIds = securityGroupIds
        self.securityGroupNames = securityGroupNames
        self.privateIpAddress = privateIpAddress
        self.associatePublicIpAddress = associatePublicIpAddress
        self.networkInterfaceId = networkInterfaceId
        self.deleteOnTermination = deleteOnTermination
        self.secondaryPrivateIpAddressCount = secondaryPrivateIpAddressCount
        self.ipv6AddressCount = ipv6AddressCount
        self.ipv6Addresses = ipv6Addresses
        self.availabilityZone = availabilityZone
        self.interfaceDescription = interfaceDescription
        self.keyName = keyName
        self.userData = userData
        self.clientToken = clientToken
        self.tagSpecifications = tagSpecifications
    }

    /// What makes two launches with one client token the same launch.
    var fingerprint: String {
        let placement: [String] = [
            imageId ?? "", instanceType, "\(minCount)-\(maxCount)", subnetId ?? "", securityGroupIds.joined(separator: ","),
            securityGroupNames.joined(separator: ","), privateIpAddress ?? "", associatePublicIpAddress.map { "\($0)" } ?? "",
            networkInterfaceId ?? "", availabilityZone ?? "", keyName ?? "", userData ?? "", ipv6AddressCount.map { "\($0)" } ?? "",
            ipv6Addresses.joined(separator: ","),
        ]
        // Only when asked for, so that launches journalled before these counted keep their fingerprints.
        let secondaries =
            secondaryPrivateIpAddressCount == 0 && secondaryPrivateIpAddresses.isEmpty
            ? [] : ["\(secondaryPrivateIpAddressCount)", secondaryPrivateIpAddresses.joined(separator: ",")]
        let options: [String] = [
            String(describing: metadataOptions), cpuCredits?.rawValue ?? "", autoRecovery?.rawValue ?? "", String(describing: disableApiTermination),
            String(describing: disableApiStop), shutdownBehavior?.rawValue ?? "", String(describing: ebsOptimized), String(describing: monitoring),
            launchTemplate.map { "\($0.id):\($0.version)" } ?? "",
        ]
        return (placement + secondaries + options).joined(separator: "|")
    }
}
