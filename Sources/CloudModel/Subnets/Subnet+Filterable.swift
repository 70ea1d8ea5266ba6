import Addressing
public import Foundation

/// DescribeSubnets filters, as the EC2 API Reference documents them.
extension Subnet: Filterable {
    public static let filterNames: Set<String> = [
        "availability-zone", "availability-zone-id", "available-ip-address-count", "cidr-block", "customer-owned-ipv4-pool", "default-for-az",
        "enable-dns64", "enable-lni-at-device-index", "ipv6-cidr-block-association.ipv6-cidr-block", "ipv6-cidr-block-association.association-id",
        "ipv6-cidr-block-association.state", "ipv6-native", "map-customer-owned-ip-on-launch", "map-public-ip-on-launch", "outpost-arn",
        "owner-id", "private-dns-name-options-on-launch.hostname-type", "private-dns-name-options-on-launch.enable-resource-name-dns-a-record",
        "private-dns-name-options-on-launch.enable-resource-name-dns-aaaa-record", "state", "subnet-arn", "subnet-id", "vpc-id",
    ]

    /// `cidr` is the name AWS documented before `cidr-block`; the camel-case names are the XML fields'.
    public static let filterAliases: [String: String] = [
        "availabilityZone": "availability-zone", "availabilityZoneId": "availability-zone-id", "cidr": "cidr-block", "cidrBlock": "cidr-block",
        "defaultForAz": "default-for-az", "vpcId": "vpc-id",
    ]

    public static let indexedFilters: [String: FilterIndex] = [
        "cidr-block": .cidrBlock, "ipv6-cidr-block-association.ipv6-cidr-block": .cidrBlock, "vpc-id": .vpc,
    ]

    /// The IPv4 block and every IPv6 block: what the CIDR filters see between them.
    public var indexedCidrBlocks: [String] { ipv4BlockValues + ipv6CidrBlockAssociations.map(\.ipv6CidrBlock.description) }

    /// The IPv4 block as filters see it: none in an IPv6-only subnet.
    private var ipv4BlockValues: [String] { cidrBlock.map { [$0.description] } ?? [] }

    /// The subnet's ARN, as AWS builds it.
    public var arn: String { "arn:aws:ec2:\(scope.region):\(scope.account):subnet/\(id)" }

    public func filterValues(_ name: String, in state: CloudState, at now: Date) -> [String] {
        switch name {
        case "availability-zone": [availabilityZone]
        case "availability-zone-id": [availabilityZoneId]
        case "available-ip-address-count": [String(state.availableIpAddressCount(of: self))]
        case "cidr-block": ipv4BlockValues
        case "default-for-az": [String(defaultForAz)]
        case "enable-dns64": [String(enableDns64)]
        case "enable-lni-at-device-index": []  // set only on Outposts subnets
        case "ipv6-cidr-block-association.ipv6-cidr-block": ipv6CidrBlockAssociations.map(\.ipv6CidrBlock.description)
        case "ipv6-cidr-block-association.association-id": ipv6CidrBlockAssociations.map(\.associationId)
        case "ipv6-cidr-block-association.state": ipv6CidrBlockAssociations.map { _ in "associated" }
        case "ipv6-native": [String(ipv6Native)]
        case "map-customer-owned-ip-on-launch": ["false"]
        case "map-public-ip-on-launch": [String(mapPublicIpOnLaunch)]
        case "owner-id": [scope.account]
        case "private-dns-name-options-on-launch.hostname-type": [privateDnsNameOptionsOnLaunch.hostnameType.rawValue]
        case "private-dns-name-options-on-launch.enable-resource-name-dns-a-record":
            [String(privateDnsNameOptionsOnLaunch.enableResourceNameDnsARecord)]
        case "private-dns-name-options-on-launch.enable-resource-name-dns-aaaa-record":
            [String(privateDnsNameOptionsOnLaunch.enableResourceNameDnsAAAARecord)]
        case "state": ["available"]
        case "subnet-arn": [arn]
        case "subnet-id": [id]
        case "vpc-id": [subnetVpcId]
        // customer-owned-ipv4-pool, outpost-arn: LocalVPC has no Outposts, so no subnet has either.
        default: []
        }
    }
}
