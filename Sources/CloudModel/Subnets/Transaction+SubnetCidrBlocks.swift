import Addressing

/// AssociateSubnetCidrBlock and DisassociateSubnetCidrBlock: a subnet's IPv6 block, carved from its VPC's.
extension Transaction {
    /// The IPv6 subnet sizes AWS allows: /44 to /64, in steps of 4 bits.
    public static let subnetIpv6PrefixLengths = stride(from: 44, through: 64, by: 4)

    /// Gives a subnet an IPv6 block; a subnet has at most one.
    public mutating func associateSubnetCidrBlock(_ subnetId: String, ipv6CidrBlock: String) throws(EC2Error) -> SubnetIpv6CidrBlockAssociation {
        var subnet = try require(Subnet.self, subnetId)
        guard subnet.ipv6CidrBlockAssociations.isEmpty else { throw .subnetAlreadyHasIpv6Block(subnetId) }
        let vpc = try require(Vpc.self, subnet.subnetVpcId)
        let siblings = all(Subnet.self, inVpc: vpc.id).filter { $0.id != subnetId }
        let block = try Self.checkSubnetIpv6Block(ipv6CidrBlock, in: vpc, siblings: siblings)
        let association = SubnetIpv6CidrBlockAssociation(associationId: newId(.subnetCidrAssociation), ipv6CidrBlock: block)
        subnet.ipv6CidrBlockAssociations = [association]
        put(subnet)
        return association
    }

    /// Takes a subnet's IPv6 block away, unless the subnet still hands out or uses IPv6 addresses.
    public mutating func disassociateSubnetCidrBlock(associationId: String) throws(EC2Error) -> (Subnet, SubnetIpv6CidrBlockAssociation) {
        guard var subnet = all(Subnet.self).first(where: { $0.ipv6CidrBlockAssociations.contains { $0.associationId == associationId } }),
            let association = subnet.ipv6CidrBlockAssociations.first(where: { $0.associationId == associationId })
        else { throw .subnetCidrAssociationNotFound(associationId) }
        if subnet.ipv6Native { throw .ipv6OnlySubnetKeepsItsBlock(associationId) }
        if subnet.assignIpv6AddressOnCreation { throw .subnetIpv6BlockAssignsOnCreation(associationId) }
        if !ipv6AddressesInUse(in: subnet).isEmpty { throw .subnetIpv6BlockInUse(associationId) }
        subnet.ipv6CidrBlockAssociations.removeAll { $0.associationId == associationId }
        subnet.privateDnsNameOptionsOnLaunch.enableResourceNameDnsAAAARecord = false
        put(subnet)
        return (subnet, association)
    }

    /// AWS's rules for a subnet's IPv6 block: canonical, a size AWS allows, inside the VPC's IPv6 block, overlapping no sibling.
    static func checkSubnetIpv6Block(_ text: String, in vpc: Vpc, siblings: [Subnet]) throws(EC2Error) -> IPv6CIDR {
        guard let block = IPv6CIDR(text), block.isCanonical else { throw .invalidCidr(text, parameter: "ipv6CidrBlock") }
        guard !vpc.ipv6Blocks.isEmpty else { throw .vpcHasNoIpv6Block(vpc.id, text) }
        guard subnetIpv6PrefixLengths.contains(block.prefixLength), vpc.ipv6Blocks.contains(where: { $0.contains(block) }) else {
            throw .subnetRange(text)
        }
        let taken = siblings.flatMap { $0.ipv6CidrBlockAssociations.map(\.ipv6CidrBlock) }
        guard !taken.contains(where: { $0.overlaps(block) }) else { throw .subnetConflict(text) }
        return block
    }
}
