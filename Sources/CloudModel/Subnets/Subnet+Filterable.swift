import Addressing
public import Foundation

/// DescribeSubnets filters, as the EC2 API Reference documents them.
extension Subnet: Filterable {
    public static let filterNames: Set<String> = [
        "availability-zone", "availabilityZone", "availability-zone-id", "available-ip-address-count", "cidr-block", "cidr", "cidrBlock",
        "default-for-az", "defaultForAz", "ipv6-cidr-block-association.ipv6-cidr-block", "ipv6-cidr-block-association.association-id",
        "ipv6-cidr-block-association.state", "ipv6-native", "map-public-ip-on-launch", "owner-id", "state", "subnet-arn", "subnet-id",
        "vpc-id", "vpcId",
    ]

    public static let indexedFilters: [String: FilterIndex] = [
        "cidr-block": .cidrBlock, "cidr": .cidrBlock, "cidrBlock": .cidrBlock, "ipv6-cidr-block-association.ipv6-cidr-block": .cidrBlock,
        "vpc-id": .vpc, "vpcId": .vpc,
    ]

    /// The IPv4 block and every IPv6 block: what the CIDR filters see between them.
    public var indexedCidrBlocks: [String] { ipv4BlockValues + ipv6CidrBlockAssociations.map(\.ipv6CidrBlock.description) }

    /// The IPv4 block as filters see it: none in an IPv6-only subnet.
    private var ipv4BlockValues: [String] { cidrBlock.map { [$0.description] } ?? [] }

    /// The subnet's ARN, as AWS builds it.
    public var arn: String { "arn:aws:ec2:\(scope.region):\(scope.account):subnet/\(id)" }

    public func filterValues(_ name: String, in state: CloudState, at now: Date) -> [String] {
        switch name {
        case "availability-zone", "availabilityZone": [availabilityZone]
        case "availability-zone-id": [availabilityZoneId]
        case "available-ip-address-count": [String(state.availableIpAddressCount(of: self))]
        case "cidr-block", "cidr", "cidrBlock": ipv4BlockValues
        case "default-for-az", "defaultForAz": [String(defaultForAz)]
        case "ipv6-cidr-block-association.ipv6-cidr-block": ipv6CidrBlockAssociations.map(\.ipv6CidrBlock.description)
        case "ipv6-cidr-block-association.association-id": ipv6CidrBlockAssociations.map(\.associationId)
        case "ipv6-cidr-block-association.state": ipv6CidrBlockAssociations.map { _ in "associated" }
        case "ipv6-native": [String(ipv6Native)]
        case "map-public-ip-on-launch": [String(mapPublicIpOnLaunch)]
        case "owner-id": [scope.account]
        case "state": ["available"]
        case "subnet-arn": [arn]
        case "subnet-id": [id]
        case "vpc-id", "vpcId": [subnetVpcId]
        default: []
        }
    }
}
