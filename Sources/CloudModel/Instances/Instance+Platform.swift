/// What every LocalVPC instance is, the same for all: the facts DescribeInstances prints and its filters compare.
///
/// One place, so a filter (`hypervisor`, `tenancy`, …) always sees what the response showed. LocalVPC emulates the
/// network, not the machine: an instance is a Linux HVM guest on shared tenancy with an EBS root device. What differs
/// per instance (architecture and root device from its image, metadata and maintenance options, monitoring, EBS
/// optimization) is in its `InstanceConfiguration`; the two defaults here are what an image LocalVPC does not know gives.
public enum InstancePlatform {
    /// The architecture of an instance launched from an image LocalVPC does not know, on a type that runs it.
    public static let architecture = "x86_64"
    public static let hypervisor = "xen"
    public static let virtualizationType = "hvm"
    /// The root device of an instance launched from an image LocalVPC does not know (Amazon Linux's).
    public static let rootDeviceName = "/dev/xvda"
    public static let rootDeviceType = "ebs"
    public static let enaSupport = true
    public static let platformDetails = "Linux/UNIX"
    /// The billing code of Linux/UNIX on-demand instances.
    public static let usageOperation = "RunInstances"
    public static let tenancy = "default"
    public static let capacityReservationPreference = "open"
    public static let bandwidthWeighting = "default"
    public static let hostnameType = "ip-name"
    /// The metadata service's IPv4 endpoint is on whenever the service is (only the IPv6 one can be turned off alone).
    public static let metadataHttpProtocolIpv4 = "enabled"
}

extension Instance {
    /// The boot mode the instance runs in: UEFI on arm64 (Graviton boots nothing else), legacy BIOS on x86_64.
    public var currentInstanceBootMode: String { architecture == "arm64" ? "uefi" : "legacy-bios" }
}

extension Instance {
    /// The CPU credit option a burstable instance type launches with (`standard` for T2, `unlimited` for T3, T3a and
    /// T4g, as AWS defaults them); nil for types that do not burst.
    public static func cpuCredits(of instanceType: String) -> InstanceConfiguration.CpuCredits? {
        let family = instanceType.split(separator: ".").first.map(String.init) ?? ""
        switch family {
        case "t2": return .standard
        case "t3", "t3a", "t4g": return .unlimited
        default: return nil
        }
    }

    /// Whether instances of `instanceType` burst (T2, T3, T3a, T4g): the only ones with a CPU credit option.
    public static func isBurstable(_ instanceType: String) -> Bool { cpuCredits(of: instanceType) != nil }
}
