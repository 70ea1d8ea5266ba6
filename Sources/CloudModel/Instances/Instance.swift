public import Foundation

/// An EC2 instance: where it runs, what it runs, and its lifecycle state. Its addresses, groups and
/// source/destination check live on its network interfaces (the primary one at device index 0).
public struct Instance: IdentifiedResource {
    public static var table: WritableKeyPath<RegionState, [String: Instance]> { \.instances }
    public static let resourceType = "instance"
    public static let idKind = ResourceIdKind.instance
    public var resource: Resource { .instance(self) }
    public static func unwrap(_ resource: Resource) -> Self? {
        if case .instance(let value) = resource { value } else { nil }
    }

    public let id: String
    public let scope: AccountRegion
    public let reservationId: String
    public let imageId: String
    public var instanceType: String
    public let subnetId: String
    public let instanceVpcId: String
    public let availabilityZone: String
    public let primaryNetworkInterfaceId: String
    public var keyName: String?
    /// The key pair's public key (OpenSSH format) as it was at launch: the metadata service's `public-keys/0/openssh-key`.
    /// AWS copies it into the instance, so deleting or re-importing the key pair later does not change what the
    /// instance sees; nil when launched without a key (or stored before LocalVPC kept it: then the key pair's, by name).
    public internal(set) var launchPublicKey: String?
    /// The user data as the client sent it (base64).
    public var userData: String?
    public let clientToken: String?
    /// What the launch asked for, when it carried a client token: a repeat must ask the same.
    public var launchFingerprint: String?
    public let amiLaunchIndex: Int
    /// Whether the instance gets a public address each time it starts (the subnet mapped one, or the launch asked).
    public let wantsPublicIp: Bool
    public var state: InstanceState
    public var stateChangedAt: Date
    public var stateReason: String?
    public let launchTime: Date
    public var tags: TagSet
    public var createdAt: Date { launchTime }
    /// Kept apart from `configuration` so that state stored before LocalVPC kept it decodes (as the defaults).
    private var storedConfiguration: InstanceConfiguration?
    /// What GetConsoleOutput returns: the instance's boot and user data output, written by the data plane.
    public internal(set) var consoleOutput: ConsoleOutput?

    /// Its metadata and maintenance options, CPU credits, protections, monitoring and image facts.
    public internal(set) var configuration: InstanceConfiguration {
        get { storedConfiguration ?? InstanceConfiguration() }
        set { storedConfiguration = newValue }
    }

    /// The CPU credit option DescribeInstanceCreditSpecifications reports: the one set, else the type's default;
    /// nil for an instance that neither bursts nor ever had one set.
    public var cpuCredits: InstanceConfiguration.CpuCredits? {
        configuration.cpuCredits ?? Self.cpuCredits(of: instanceType)
    }

    public var architecture: String { configuration.architecture }
    public var rootDeviceName: String { configuration.rootDeviceName }

    public var vpcId: String? { instanceVpcId }

    /// How long a terminated instance stays visible.
    public static let terminatedVisibility: TimeInterval = 3600

    public init(
        id: String, scope: AccountRegion, reservationId: String, imageId: String, instanceType: String, subnet: Subnet,
        primaryNetworkInterfaceId: String, keyName: String?, userData: String?, clientToken: String?, amiLaunchIndex: Int,
        wantsPublicIp: Bool, tags: TagSet, launchTime: Date, configuration: InstanceConfiguration = InstanceConfiguration()
    ) {
        self.id = id
        self.scope = scope
        self.reservationId = reservationId
        self.imageId = imageId
        self.instanceType = instanceType
        self.subnetId = subnet.id
        self.instanceVpcId = subnet.subnetVpcId
        self.availabilityZone = subnet.availabilityZone
        self.primaryNetworkInterfaceId = primaryNetworkInterfaceId
        self.keyName = keyName
        self.userData = userData
        self.clientToken = clientToken
        self.amiLaunchIndex = amiLaunchIndex
        self.wantsPublicIp = wantsPublicIp
        self.state = .running
        self.stateChangedAt = launchTime
        self.tags = tags
        self.launchTime = launchTime
        self.storedConfiguration = configuration
    }

    /// Whether `viewer`-independent time has made a terminated instance disappear (after an hour).
    public func isVisible(at now: Date) -> Bool {
        state != .terminated || now < stateChangedAt.addingTimeInterval(Self.terminatedVisibility)
    }
}

/// `State.Name` of an instance, with AWS's numeric `State.Code`.
///
/// LocalVPC's instances change state at once; the transitional states (`pending`, `stopping`,
/// `shutting-down`) are what the calls that cause a change answer, as AWS's calls do.
public enum InstanceState: String, Sendable, Hashable, Codable, CaseIterable {
    case pending, running
    case shuttingDown = "shutting-down"
    case terminated, stopping, stopped

    /// AWS's `State.Code`.
    public var code: Int {
        switch self {
        case .pending: 0
        case .running: 16
        case .shuttingDown: 32
        case .terminated: 48
        case .stopping: 64
        case .stopped: 80
        }
    }
}
