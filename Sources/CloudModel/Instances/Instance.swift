public import Foundation

/// An EC2 instance: where it runs, what it runs, and its lifecycle state. Its addresses, groups and
/// source/destination check live on its network interfaces (the primary one at device index 0).
public struct Instance: IdentifiedResource {
    public static var table: WritableKeyPath<RegionState, PersistentDictionary<String, Instance>> { \.instances }
    public static let resourceType = "instance"
    public static let idKind = ResourceIdKind.instance
    public var resource: Resource { .instance(self) }
    public static func unwrap(_ resource: Resource) -> Self? {
        if case .instance(let value) = resource { value } else { nil }
    }

    /// The instance's fields, in a box its copies share until one of them changes (copy on write). A region keeps every
    /// instance for an hour after it terminates, so its table can hold tens of thousands; a change to the region copies
    /// the table, which then costs a reference count an instance instead of copying each of its strings and dates.
    private var box: Box

    private final class Box: @unchecked Sendable {
        // Changed only through `fields`, by the one instance holding the box.
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    /// The stored fields, encoded as the instance itself is (the same keys, in the same order).
    private struct Fields: Sendable, Hashable, Codable {
        var id: String
        var scope: AccountRegion
        var reservationId: String
        var imageId: String
        var instanceType: String
        var subnetId: String
        var instanceVpcId: String
        var availabilityZone: String
        var primaryNetworkInterfaceId: String
        var keyName: String?
        var launchPublicKey: String?
        var userData: String?
        var clientToken: String?
        var launchFingerprint: String?
        var amiLaunchIndex: Int
        var wantsPublicIp: Bool
        var state: InstanceState
        var stateChangedAt: Date
        var stateReason: String?
        var launchTime: Date
        var tags: TagSet
        var storedConfiguration: InstanceConfiguration?
        var consoleOutput: ConsoleOutput?
    }

    /// The fields, to change: the box is copied first unless this instance is its only holder.
    private var fields: Fields {
        get { box.fields }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
            yield &box.fields
        }
    }

    public init(from decoder: any Decoder) throws { box = Box(try Fields(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try box.fields.encode(to: encoder) }
    public static func == (lhs: Instance, rhs: Instance) -> Bool { lhs.box === rhs.box || lhs.box.fields == rhs.box.fields }
    public func hash(into hasher: inout Hasher) { box.fields.hash(into: &hasher) }

    public var id: String { box.fields.id }
    public var scope: AccountRegion { box.fields.scope }
    public var reservationId: String { box.fields.reservationId }
    public var imageId: String { box.fields.imageId }
    public var instanceType: String {
        get { box.fields.instanceType }
        set { fields.instanceType = newValue }
    }
    public var subnetId: String { box.fields.subnetId }
    public var instanceVpcId: String { box.fields.instanceVpcId }
    public var availabilityZone: String { box.fields.availabilityZone }
    public var primaryNetworkInterfaceId: String { box.fields.primaryNetworkInterfaceId }
    public var keyName: String? {
        get { box.fields.keyName }
        set { fields.keyName = newValue }
    }
    /// The key pair's public key (OpenSSH format) as it was at launch: the metadata service's `public-keys/0/openssh-key`.
    /// AWS copies it into the instance, so deleting or re-importing the key pair later does not change what the
    /// instance sees; nil when launched without a key (or stored before LocalVPC kept it: then the key pair's, by name).
    public internal(set) var launchPublicKey: String? {
        get { box.fields.launchPublicKey }
        set { fields.launchPublicKey = newValue }
    }
    /// The user data as the client sent it (base64).
    public var userData: String? {
        get { box.fields.userData }
        set { fields.userData = newValue }
    }
    public var clientToken: String? { box.fields.clientToken }
    /// What the launch asked for, when it carried a client token: a repeat must ask the same.
    public var launchFingerprint: String? {
        get { box.fields.launchFingerprint }
        set { fields.launchFingerprint = newValue }
    }
    public var amiLaunchIndex: Int { box.fields.amiLaunchIndex }
    /// Whether the instance gets a public address each time it starts (the subnet mapped one, or the launch asked).
    public var wantsPublicIp: Bool { box.fields.wantsPublicIp }
    public var state: InstanceState {
        get { box.fields.state }
        set { fields.state = newValue }
    }
    public var stateChangedAt: Date {
        get { box.fields.stateChangedAt }
        set { fields.stateChangedAt = newValue }
    }
    public var stateReason: String? {
        get { box.fields.stateReason }
        set { fields.stateReason = newValue }
    }
    public var launchTime: Date { box.fields.launchTime }
    public var tags: TagSet {
        get { box.fields.tags }
        set { fields.tags = newValue }
    }
    public var createdAt: Date { launchTime }
    /// Kept apart from `configuration` so that state stored before LocalVPC kept it decodes (as the defaults).
    private var storedConfiguration: InstanceConfiguration? {
        get { box.fields.storedConfiguration }
        set { fields.storedConfiguration = newValue }
    }
    /// What GetConsoleOutput returns: the instance's boot and user data output, written by the data plane.
    public internal(set) var consoleOutput: ConsoleOutput? {
        get { box.fields.consoleOutput }
        set { fields.consoleOutput = newValue }
    }

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
        box = Box(
            Fields(
                id: id, scope: scope, reservationId: reservationId, imageId: imageId, instanceType: instanceType, subnetId: subnet.id,
                instanceVpcId: subnet.subnetVpcId, availabilityZone: subnet.availabilityZone,
                primaryNetworkInterfaceId: primaryNetworkInterfaceId, keyName: keyName, userData: userData, clientToken: clientToken,
                amiLaunchIndex: amiLaunchIndex, wantsPublicIp: wantsPublicIp, state: .running, stateChangedAt: launchTime, launchTime: launchTime,
                tags: tags, storedConfiguration: configuration))
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
