/// What every LocalVPC instance is, the same for all: the facts DescribeInstances prints and its filters compare.
///
/// One place, so a filter (`architecture`, `metadata-options.http-tokens`, …) always sees what the response showed.
/// LocalVPC emulates the network, not the machine: an instance is a Linux x86_64 HVM guest with an EBS root
/// device name and no volumes, on shared tenancy, with the instance metadata service on and IMDSv1 allowed.
public enum InstancePlatform {
    public static let architecture = "x86_64"
    public static let hypervisor = "xen"
    public static let virtualizationType = "hvm"
    public static let rootDeviceName = "/dev/xvda"
    public static let rootDeviceType = "ebs"
    public static let ebsOptimized = false
    public static let enaSupport = true
    public static let platformDetails = "Linux/UNIX"
    /// The billing code of Linux/UNIX on-demand instances.
    public static let usageOperation = "RunInstances"
    public static let tenancy = "default"
    public static let monitoringState = "disabled"
    public static let capacityReservationPreference = "open"
    public static let autoRecovery = "default"
    public static let bandwidthWeighting = "default"
    public static let hostnameType = "ip-name"

    /// `MetadataOptions` as AWS reports them for an instance launched without any.
    public enum MetadataOptions {
        public static let state = "applied"
        public static let httpEndpoint = "enabled"
        public static let httpTokens = "optional"
        public static let httpPutResponseHopLimit = 1
        public static let httpProtocolIpv4 = "enabled"
        public static let httpProtocolIpv6 = "disabled"
        public static let instanceMetadataTags = "disabled"
    }
}

extension InstancePlatform {
    /// The boot mode an HVM x86_64 guest without a UEFI AMI runs in.
    public static let currentInstanceBootMode = "legacy-bios"
}

extension Instance {
    /// The CPU credit option a burstable instance type launches with (`standard` for T2, `unlimited` for T3, T3a and
    /// T4g, as AWS defaults them); nil for types that do not burst.
    public static func cpuCredits(of instanceType: String) -> String? {
        let family = instanceType.split(separator: ".").first.map(String.init) ?? ""
        switch family {
        case "t2": return "standard"
        case "t3", "t3a", "t4g": return "unlimited"
        default: return nil
        }
    }
}
