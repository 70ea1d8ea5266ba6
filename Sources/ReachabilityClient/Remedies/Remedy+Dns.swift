public import CloudModel

extension Remedy {
    /// The change that makes a name resolve as the reason says it does not, or nil when nothing in the API would.
    public static func remedy(for reason: DnsReason) -> Remedy? {
        switch reason {
        case .dnsSupportOff(let vpcId): .enableVpcAttribute(vpcId: vpcId, attribute: "enableDnsSupport")
        case .dnsHostnamesOff(let vpcId), .peeringNeedsDnsAttributes(_, let vpcId): .enableVpcAttribute(vpcId: vpcId, attribute: "enableDnsHostnames")
        case .resourceNameRecordOff(let subnetId, let ipv6): .enableResourceNameDnsRecord(subnetId: subnetId, ipv6: ipv6)
        case .peeringOptionOff(let peeringId, let side, _): .allowDnsResolutionFromRemoteVpc(peeringId: peeringId, side: side.rawValue)
        case .notServed, .noSuchAddress, .privateNameOfOtherVpc, .sameVpc, .peeringAllowsDnsResolution, .notPeered, .fromInternet: nil
        }
    }
}
