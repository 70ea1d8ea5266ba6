import Addressing

/// The Amazon DNS server's naming rules (Route 53 Resolver at a VPC's base + 2 and 169.254.169.253): what a name
/// resolves to from inside a VPC, or from the internet. Pure, so the data plane's DNS server and `localvpc reach`
/// answer alike.
///
/// AWS's rules ("DNS attributes for your VPC", "Amazon EC2 instance hostname types", "DNS resolution for VPC peering"):
/// - Private names (`ip-10-0-1-5.ec2.internal`) resolve to the private address inside the VPC whenever its DNS
///   support is on, whatever `enableDnsHostnames` says; resource names (`i-….ec2.internal`) when the subnet enables
///   their A or AAAA record; a reverse lookup of a private address gives its private name.
/// - Public names (`ec2-203-0-113-25.compute-1.amazonaws.com`) exist only for VPCs with DNS hostnames on; they give
///   the private address inside their VPC, and across an active peering when the owner's side of the peering sets
///   `AllowDnsResolutionFromRemoteVpc` (both VPCs with DNS hostnames and support on); the public address otherwise.
/// - `enableDnsSupport` off: no answer at all. Every other name is refused, never forwarded.
public enum AmazonDns {
    /// Who asks.
    public enum Asker: Sendable, Hashable {
        /// An instance of this VPC, through the VPC's resolver.
        case vpc(String)
        /// A host on the internet (LocalVPC's internet namespace).
        case internet
    }

    /// The record types the rules distinguish; every other type of a name that exists gets an empty answer.
    public enum RecordType: Sendable, Hashable {
        case a, aaaa, ptr, other
    }

    /// How long answers may be cached: AWS's resolver gives its EC2 names 60 seconds.
    public static let ttl: UInt32 = 60

    /// What `name` (any case, with or without the final dot) resolves to, for `type`, asked by `asker`.
    public static func resolve(_ name: String, _ type: RecordType, from asker: Asker, in directory: DnsDirectory) -> DnsResolution {
        let name = canonical(name)
        switch asker {
        case .internet:
            if isPublicZone(name) { return publicName(name, type, from: nil, in: directory) }
            if let address = reverseAddress(name) { return reverse(address, type, from: nil, in: directory) }
            return DnsResolution(.refused, reasons: [.notServed])
        case .vpc(let vpcId):
            guard let vpc = directory.vpcs[vpcId] else { return DnsResolution(.refused, reasons: [.notServed]) }
            guard vpc.enableDnsSupport else { return DnsResolution(.noResponse, reasons: [.dnsSupportOff(vpcId: vpcId)]) }
            if isPrivateZone(name) { return privateName(name, type, from: vpc, in: directory) }
            if isPublicZone(name) { return publicName(name, type, from: vpc, in: directory) }
            if let address = reverseAddress(name) { return reverse(address, type, from: vpc, in: directory) }
            return DnsResolution(.refused, reasons: [.notServed])
        }
    }

    /// Lower case, without the root's dot: DNS names compare case-insensitively.
    static func canonical(_ name: String) -> String {
        let lower = name.lowercased()
        return lower.hasSuffix(".") ? String(lower.dropLast()) : lower
    }

    /// `*.ec2.internal` and `*.REGION.compute.internal`: the private names of every region.
    static func isPrivateZone(_ name: String) -> Bool { name.hasSuffix(".ec2.internal") || name.hasSuffix(".compute.internal") }

    /// `*.compute-1.amazonaws.com` and `*.REGION.compute.amazonaws.com`: the public names of every region.
    static func isPublicZone(_ name: String) -> Bool { name.hasSuffix(".compute-1.amazonaws.com") || name.hasSuffix(".compute.amazonaws.com") }

    /// The address a host label spells after its prefix: `10-0-1-5` in `ip-10-0-1-5`.
    static func dashedAddress(_ label: Substring, prefix: String) -> IPv4Address? {
        guard label.hasPrefix(prefix) else { return nil }
        let parts = label.dropFirst(prefix.count).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 4, parts.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCII) }) else { return nil }
        return IPv4Address(parts.joined(separator: "."))
    }

    /// The address of an `in-addr.arpa` name (`5.1.0.10.in-addr.arpa` is 10.0.1.5).
    static func reverseAddress(_ name: String) -> IPv4Address? {
        guard name.hasSuffix(".in-addr.arpa") else { return nil }
        let labels = name.dropLast(".in-addr.arpa".count).split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count == 4, labels.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCII) }) else { return nil }
        return IPv4Address(labels.reversed().joined(separator: "."))
    }

    private static func answer(_ type: RecordType, a: [IPAddress], aaaa: [IPAddress] = [], reasons: [DnsReason] = []) -> DnsResolution {
        switch type {
        case .a: DnsResolution(.answered, records: a.map { .address($0) }, reasons: reasons)
        case .aaaa: DnsResolution(.answered, records: aaaa.map { .address($0) }, reasons: reasons)
        case .ptr, .other: DnsResolution(.answered, reasons: reasons)
        }
    }

    private static func privateName(_ name: String, _ type: RecordType, from vpc: DnsDirectory.VpcRecord, in directory: DnsDirectory)
        -> DnsResolution
    {
        let label = name.prefix { $0 != "." }
        if let address = dashedAddress(label, prefix: "ip-"), name == CloudState.privateDnsName(address, region: vpc.region) {
            let holders = directory.interfaces.filter { $0.region == vpc.region && $0.privateIpAddresses.contains(address) }
            guard holders.contains(where: { $0.vpcId == vpc.id }) else {
                return DnsResolution(
                    .noSuchName, reasons: [holders.first.map { .privateNameOfOtherVpc(vpcId: $0.vpcId) } ?? .noSuchAddress(address)])
            }
            // Private (IP-based) names have A records only.
            return answer(type, a: [.v4(address)])
        }
        if label.hasPrefix("i-"),
            let interface = directory.interfaces.first(where: { $0.primaryOfInstanceId == String(label) && $0.vpcId == vpc.id }),
            name == CloudState.resourceDnsName(String(label), region: vpc.region)
        {
            let options = interface.nameOptions
            let a = options.enableResourceNameDnsARecord ? interface.privateIpAddresses.prefix(1).map { IPAddress.v4($0) } : []
            let aaaa = options.enableResourceNameDnsAAAARecord ? interface.ipv6Addresses.prefix(1).map { IPAddress.v6($0) } : []
            guard !a.isEmpty || !aaaa.isEmpty else {
                return DnsResolution(.noSuchName, reasons: [.resourceNameRecordOff(subnetId: interface.subnetId, ipv6: type == .aaaa)])
            }
            var reasons: [DnsReason] = []
            if type == .a && a.isEmpty { reasons.append(.resourceNameRecordOff(subnetId: interface.subnetId, ipv6: false)) }
            if type == .aaaa && aaaa.isEmpty && !options.enableResourceNameDnsAAAARecord {
                reasons.append(.resourceNameRecordOff(subnetId: interface.subnetId, ipv6: true))
            }
            return answer(type, a: a, aaaa: aaaa, reasons: reasons)
        }
        return DnsResolution(.noSuchName, reasons: [.notServed])
    }

    private static func publicName(_ name: String, _ type: RecordType, from vpc: DnsDirectory.VpcRecord?, in directory: DnsDirectory)
        -> DnsResolution
    {
        let label = name.prefix { $0 != "." }
        guard let publicIp = dashedAddress(label, prefix: "ec2-"),
            let owner = directory.interfaces.first(where: {
                $0.publicIpAddresses[publicIp] != nil && name == CloudState.publicDnsName(publicIp, region: $0.region)
            }),
            let privateIp = owner.publicIpAddresses[publicIp]
        else {
            return DnsResolution(.noSuchName, reasons: [dashedAddress(label, prefix: "ec2-").map { .noSuchAddress($0) } ?? .notServed])
        }
        guard directory.vpcs[owner.vpcId]?.enableDnsHostnames == true else {
            return DnsResolution(.noSuchName, reasons: [.dnsHostnamesOff(vpcId: owner.vpcId)])
        }
        guard let vpc else { return answer(type, a: [.v4(publicIp)], reasons: [.fromInternet]) }
        if owner.vpcId == vpc.id { return answer(type, a: [.v4(privateIp)], reasons: [.sameVpc(vpcId: vpc.id)]) }
        guard
            let peering = directory.peerings.first(where: {
                ($0.requesterVpcId == vpc.id && $0.accepterVpcId == owner.vpcId) || ($0.accepterVpcId == vpc.id && $0.requesterVpcId == owner.vpcId)
            })
        else {
            return answer(type, a: [.v4(publicIp)], reasons: [.notPeered(ownerVpcId: owner.vpcId)])
        }
        // The option on the owner's side lets the other side's instances resolve the owner's names to private addresses.
        let side: PeeringSideName = peering.requesterVpcId == owner.vpcId ? .requester : .accepter
        let allows = side == .requester ? peering.requesterAllowsDnsResolution : peering.accepterAllowsDnsResolution
        guard allows else {
            return answer(type, a: [.v4(publicIp)], reasons: [.peeringOptionOff(peeringId: peering.id, side: side, ownerVpcId: owner.vpcId)])
        }
        for id in [vpc.id, owner.vpcId] {
            guard let record = directory.vpcs[id], record.enableDnsHostnames, record.enableDnsSupport else {
                return answer(type, a: [.v4(publicIp)], reasons: [.peeringNeedsDnsAttributes(peeringId: peering.id, vpcId: id)])
            }
        }
        return answer(
            type, a: [.v4(privateIp)], reasons: [.peeringAllowsDnsResolution(peeringId: peering.id, side: side, ownerVpcId: owner.vpcId)])
    }

    private static func reverse(_ address: IPv4Address, _ type: RecordType, from vpc: DnsDirectory.VpcRecord?, in directory: DnsDirectory)
        -> DnsResolution
    {
        if let vpc, directory.interfaces.contains(where: { $0.vpcId == vpc.id && $0.privateIpAddresses.contains(address) }) {
            return type == .ptr
                ? DnsResolution(.answered, records: [.name(CloudState.privateDnsName(address, region: vpc.region))])
                : DnsResolution(.answered)
        }
        if let owner = directory.interfaces.first(where: { $0.publicIpAddresses[address] != nil }),
            directory.vpcs[owner.vpcId]?.enableDnsHostnames == true
        {
            return type == .ptr
                ? DnsResolution(.answered, records: [.name(CloudState.publicDnsName(address, region: owner.region))])
                : DnsResolution(.answered)
        }
        // The private ranges' reverse zones are the resolver's own: an address nobody holds there does not exist.
        let isPrivate = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].contains { IPv4CIDR($0)?.contains(address) == true }
        return vpc != nil && isPrivate
            ? DnsResolution(.noSuchName, reasons: [.noSuchAddress(address)]) : DnsResolution(.refused, reasons: [.notServed])
    }
}
