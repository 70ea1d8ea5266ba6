import Addressing
public import Foundation

/// DescribeVpcs filters, as the EC2 API Reference documents them.
extension Vpc: Filterable {
    public static let filterNames: Set<String> = [
        "cidr", "cidr-block-association.cidr-block", "cidr-block-association.association-id", "cidr-block-association.state",
        "dhcp-options-id", "ipv6-cidr-block-association.ipv6-cidr-block", "ipv6-cidr-block-association.ipv6-pool",
        "ipv6-cidr-block-association.association-id", "ipv6-cidr-block-association.state", "is-default", "owner-id", "state", "vpc-id",
    ]

    /// `cidr-block` is what Ansible's `ec2_vpc_net` looks its VPC up by; the camel-case names are the XML fields'.
    public static let filterAliases: [String: String] = [
        "cidr-block": "cidr", "cidrBlock": "cidr", "dhcpOptionsId": "dhcp-options-id", "isDefault": "is-default", "vpcId": "vpc-id",
    ]

    public static let indexedFilters: [String: FilterIndex] = [
        "cidr": .cidrBlock, "cidr-block-association.cidr-block": .cidrBlock, "ipv6-cidr-block-association.ipv6-cidr-block": .cidrBlock,
        "vpc-id": .vpc,
    ]

    /// Every IPv4 and IPv6 block: what the three CIDR filters see between them.
    public var indexedCidrBlocks: [String] { ipv4Blocks.map(\.description) + ipv6Blocks.map(\.description) }

    public func filterValues(_ name: String, in state: CloudState, at now: Date) -> [String] {
        switch name {
        case "cidr": [cidrBlock.description]
        case "cidr-block-association.cidr-block": ipv4Blocks.map(\.description)
        case "cidr-block-association.association-id": cidrBlockAssociations.map(\.associationId)
        case "cidr-block-association.state", "ipv6-cidr-block-association.state": ["associated"]
        case "dhcp-options-id": [dhcpOptionsId]
        case "ipv6-cidr-block-association.ipv6-cidr-block": ipv6Blocks.map(\.description)
        case "ipv6-cidr-block-association.ipv6-pool": ipv6CidrBlockAssociations.isEmpty ? [] : ["Amazon"]
        case "ipv6-cidr-block-association.association-id": ipv6CidrBlockAssociations.map(\.associationId)
        case "is-default": [String(isDefault)]
        case "owner-id": [scope.account]
        case "state": ["available"]
        case "vpc-id": [id]
        default: []
        }
    }
}
