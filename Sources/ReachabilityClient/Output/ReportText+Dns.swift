import CloudModel

extension ReportText {
    /// A name as the source's VPC resolves it: the answer, why, and the command that changes it where one would.
    public static func dns(_ lookup: DnsLookup, commandSuffix: String = "") -> String {
        let resolution = lookup.resolution
        let answer =
            switch resolution.outcome {
            case .answered: lookup.address ?? "no address (the name has no A record)"
            case .noSuchName: "no such name (NXDOMAIN)"
            case .refused: "refused (REFUSED)"
            case .noResponse: "no answer (the query times out)"
            }
        var lines = ["DNS  \(lookup.name) from \(lookup.vpcId) -> \(answer)"]
        for reason in resolution.reasons {
            lines.append("  \(sentence(reason, askedFrom: lookup.vpcId))")
            if let remedy = Remedy.remedy(for: reason) { lines.append("  fix: \(remedy.awsCommand(suffix: commandSuffix))") }
        }
        return lines.joined(separator: "\n")
    }

    /// Why a name resolves as it does, in AWS's terms.
    static func sentence(_ reason: DnsReason, askedFrom vpcId: String) -> String {
        switch reason {
        case .dnsSupportOff(let vpc): "\(vpc) has enableDnsSupport off: its Amazon DNS server answers nothing"
        case .notServed: "not a name the Amazon DNS server serves (LocalVPC never forwards a question)"
        case .noSuchAddress(let address): "no network interface holds \(address)"
        case .privateNameOfOtherVpc(let vpc): "the address is in \(vpc): private DNS names resolve only inside their own VPC"
        case .dnsHostnamesOff(let vpc): "\(vpc) has enableDnsHostnames off, so its instances have no public DNS names"
        case .resourceNameRecordOff(let subnet, let ipv6):
            "\(subnet) does not enable resource-name DNS \(ipv6 ? "AAAA" : "A") records (EnableResourceNameDns\(ipv6 ? "AAAA" : "A")Record)"
        case .sameVpc: "a public DNS name resolves to the private address inside its own VPC"
        case .peeringAllowsDnsResolution(let peering, let side, let owner):
            "AllowDnsResolutionFromRemoteVpc is on on the \(side.rawValue) side of \(peering) (\(owner)'s): the private address"
        case .peeringOptionOff(let peering, let side, let owner):
            "the name does not resolve to its private address from \(vpcId) because AllowDnsResolutionFromRemoteVpc is off on the "
                + "\(side.rawValue) side of \(peering) (\(owner)'s side): the public address, as from anywhere"
        case .peeringNeedsDnsAttributes(let peering, let vpc):
            "resolution across \(peering) needs DNS hostnames and DNS support on both VPCs, and \(vpc) lacks one: the public address"
        case .notPeered(let owner): "\(owner) is not peered with \(vpcId): the public address, as from anywhere"
        case .fromInternet: "from the internet a public DNS name gives the public address"
        }
    }
}
