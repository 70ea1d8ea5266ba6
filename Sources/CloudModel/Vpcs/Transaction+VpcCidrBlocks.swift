import Addressing

/// AssociateVpcCidrBlock and DisassociateVpcCidrBlock: secondary IPv4 blocks and Amazon-provided IPv6 /56s.
extension Transaction {
    /// What AssociateVpcCidrBlock added: one IPv4 block or one IPv6 block.
    public enum AddedVpcBlock: Sendable {
        case ipv4(VpcCidrBlockAssociation)
        case ipv6(VpcIpv6CidrBlockAssociation)
    }

    /// Adds a secondary IPv4 block (`cidrBlock`) or an Amazon-provided IPv6 /56 to a VPC.
    public mutating func associateVpcCidrBlock(
        _ vpcId: String,
        cidrBlock: String?,
        amazonProvidedIpv6CidrBlock: Bool
    ) throws(EC2Error) -> (Vpc, AddedVpcBlock) {
        var vpc = try require(Vpc.self, vpcId)
        switch (cidrBlock, amazonProvidedIpv6CidrBlock) {
        case (nil, false):
            throw .missingParameter("CidrBlock")
        case (.some, true):
            throw .invalidParameterCombination("Only one of cidrBlock and amazonProvidedIpv6CidrBlock may be specified.")
        case (let string?, false):
            let block = try Self.parseVpcBlock(string, parameter: "cidrBlock")
            try Self.checkSecondaryBlock(block, for: vpc, configuration: configuration)
            try checkPeeringsAllow(block, for: vpc)
            let association = VpcCidrBlockAssociation(associationId: newId(.vpcCidrAssociation), cidrBlock: block)
            vpc.cidrBlockAssociations.append(association)
            put(vpc)
            try addLocalRoute(.v4(block), vpcId: vpcId)
            return (vpc, .ipv4(association))
        case (nil, true):
            guard vpc.ipv6CidrBlockAssociations.isEmpty else {
                throw EC2Error(code: "CidrLimitExceeded", message: "This network '\(vpcId)' has met its maximum number of allowed CIDRs: 1")
            }
            let association = newIpv6Association()
            vpc.ipv6CidrBlockAssociations.append(association)
            put(vpc)
            try addLocalRoute(.v6(association.ipv6CidrBlock), vpcId: vpcId)
            addIpv6DefaultAclEntries(vpcId: vpcId)
            addIpv6DefaultEgressRule(vpcId: vpcId)
            return (vpc, .ipv6(association))
        }
    }

    /// Removes a secondary IPv4 block or the IPv6 block; the primary block stays, and a block subnets use stays.
    public mutating func disassociateVpcCidrBlock(associationId: String) throws(EC2Error) -> (Vpc, AddedVpcBlock) {
        let owner = all(Vpc.self).first { vpc in
            vpc.cidrBlockAssociations.contains { $0.associationId == associationId }
                || vpc.ipv6CidrBlockAssociations.contains { $0.associationId == associationId }
        }
        guard var vpc = owner else {
            throw EC2Error(
                code: "InvalidVpcCidrBlockAssociationID.NotFound",
                message: "The vpc CIDR block association ID '\(associationId)' does not exist")
        }
        let subnets = all(Subnet.self, inVpc: vpc.id)
        if let index = vpc.cidrBlockAssociations.firstIndex(where: { $0.associationId == associationId }) {
            let association = vpc.cidrBlockAssociations[index]
            guard index != 0 else {
                throw EC2Error(
                    code: "OperationNotPermitted",
                    message:
                        "The vpc CIDR block with association ID \(associationId) may not be disassociated. It is the primary IPv4 CIDR block of the VPC"
                )
            }
            if subnets.contains(where: { $0.cidrBlock.map(association.cidrBlock.contains) == true }) {
                throw .cidrBlockInUse(vpcId: vpc.id, block: association.cidrBlock.description)
            }
            vpc.cidrBlockAssociations.remove(at: index)
            put(vpc)
            removeLocalRoutes(.v4(association.cidrBlock), vpcId: vpc.id)
            return (vpc, .ipv4(association))
        }
        let index = vpc.ipv6CidrBlockAssociations.firstIndex { $0.associationId == associationId }!
        let association = vpc.ipv6CidrBlockAssociations[index]
        if subnets.contains(where: { !$0.ipv6CidrBlockAssociations.isEmpty }) {
            throw .cidrBlockInUse(vpcId: vpc.id, block: association.ipv6CidrBlock.description)
        }
        vpc.ipv6CidrBlockAssociations.remove(at: index)
        put(vpc)
        removeLocalRoutes(.v6(association.ipv6CidrBlock), vpcId: vpc.id)
        return (vpc, .ipv6(association))
    }

    /// AWS's rules for a secondary IPv4 block: no overlap with the VPC's blocks, and from a range the primary allows.
    static func checkSecondaryBlock(_ block: IPv4CIDR, for vpc: Vpc, configuration: CloudConfiguration) throws(EC2Error) {
        if let clash = vpc.ipv4Blocks.first(where: { $0.overlaps(block) }) {
            throw EC2Error(
                code: "InvalidVpc.Range",
                message: "The CIDR '\(block)' conflicts with the CIDR '\(clash)' already associated with the VPC.")
        }
        if configuration.enforcesAdjustableQuotas, vpc.cidrBlockAssociations.count >= configuration.quotas.ipv4CidrBlocksPerVpc {
            throw EC2Error(
                code: "CidrLimitExceeded",
                message: "This network '\(vpc.id)' has met its maximum number of allowed CIDRs: \(configuration.quotas.ipv4CidrBlocksPerVpc)")
        }
        // RFC 1918 primaries restrict secondaries to the same private range (or publicly routable space); 198.19.0.0/16 never mixes.
        let privateRanges = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "198.19.0.0/16"].map { IPv4CIDR($0)! }
        let primaryRange = privateRanges.first { $0.contains(vpc.cidrBlock) }
        let blockRange = privateRanges.first { $0.contains(block) }
        // Within the same range, the VPC User Guide's table ("IPv4 CIDR block association restrictions") restricts two
        // more: 10.0.0.0/16 once a block is in 10.0.0.0/15, and 172.31.0.0/16 (the default VPCs' range) beside a
        // 172.16.0.0/12 primary. Link-local 169.254.0.0/16 "cannot be assigned to VPCs".
        let blocks = vpc.ipv4Blocks
        let restrictedWithin =
            (IPv4CIDR("10.0.0.0/16")!.contains(block) && blocks.contains { IPv4CIDR("10.0.0.0/15")!.contains($0) })
            || (IPv4CIDR("172.31.0.0/16")!.contains(block) && primaryRange == IPv4CIDR("172.16.0.0/12")!)
        if (blockRange != nil && primaryRange != blockRange) || restrictedWithin || linkLocal.overlaps(block) {
            throw EC2Error(
                code: "InvalidVpc.Range",
                message:
                    "The CIDR '\(block)' is restricted. Use a CIDR from the same private address range as the current VPC CIDR, or use a publicly-routable CIDR."
            )
        }
    }

    /// The VPC User Guide's peering rules for a new block ("IPv4 CIDR block association restrictions"): while a request
    /// the VPC made is `pending-acceptance` its owner "cannot add any CIDR block", and while a connection is active a
    /// block may be added "provided they do not overlap with a CIDR block of the peer VPC". (A block the accepter adds
    /// while the request is pending makes the acceptance fail instead: `acceptVpcPeeringConnection`.) AWS's codes for
    /// these refusals are not known here: `OperationNotPermitted` and `InvalidVpc.Range`, LocalVPC's choice.
    func checkPeeringsAllow(_ block: IPv4CIDR, for vpc: Vpc) throws(EC2Error) {
        for peering in peerings(ofVpc: vpc.id) {
            let status = peering.status(at: now)
            let isRequester = peering.requester.vpcId == vpc.id && peering.requester.scope == scope
            if status == .pendingAcceptance, isRequester {
                throw EC2Error(
                    code: "OperationNotPermitted",
                    message: "The CIDR '\(block)' cannot be added to \(vpc.id) while its VPC peering connection \(peering.id) is pending acceptance.")
            }
            guard status.carriesTraffic else { continue }
            let peer = isRequester ? peering.accepter : peering.requester
            let peerBlocks = get(Vpc.self, peer.vpcId, in: peer.scope)?.ipv4Blocks ?? peer.cidrBlocks
            if let clash = peerBlocks.first(where: { $0.overlaps(block) }) {
                throw EC2Error(
                    code: "InvalidVpc.Range",
                    message: "The CIDR '\(block)' overlaps the CIDR '\(clash)' of \(peer.vpcId), peered with \(vpc.id) by \(peering.id).")
            }
        }
    }

    /// A fresh Amazon-provided /56, from 2001:db8::/32 so that no emulated address can be a real host's.
    mutating func newIpv6Association() -> VpcIpv6CidrBlockAssociation {
        let inUse = Set(base.regions.values.flatMap { $0.vpcs.values.flatMap(\.ipv6Blocks) } + all(Vpc.self).flatMap(\.ipv6Blocks))
        var block: IPv6CIDR
        repeat {
            let index = random(in: 0...0xFF_FFFF)
            let high = (UInt64(0x2001_0db8) << 32) | (index << 8)
            block = IPv6CIDR(address: IPv6Address(high: high, low: 0), prefixLength: 56)!
        } while inUse.contains(block)
        return VpcIpv6CidrBlockAssociation(associationId: newId(.vpcCidrAssociation), ipv6CidrBlock: block, networkBorderGroup: scope.region)
    }

    /// Adds the local route of a new block to every table of the VPC. The block may not be "the same or larger than
    /// a destination CIDR range in a route in any of the VPC route tables" (the VPC User Guide); a smaller one may.
    mutating func addLocalRoute(_ block: IPCIDR, vpcId: String) throws(EC2Error) {
        for var table in all(RouteTable.self, inVpc: vpcId) {
            if let index = table.routes.firstIndex(where: { $0.destination.cidr.map(block.contains) == true }) {
                throw .invalidParameterValue(
                    "The CIDR '\(block)' conflicts with route '\(table.routes[index].destination)' in route table '\(table.id)'.")
            }
            table.routes.append(Route(destination: block, target: .local, origin: .createRouteTable))
            put(table)
        }
    }

    private mutating func removeLocalRoutes(_ block: IPCIDR, vpcId: String) {
        for var table in all(RouteTable.self, inVpc: vpcId) {
            table.routes.removeAll { $0.destination == .cidr(block) && $0.target == .local }
            put(table)
        }
    }

    /// In a VPC with IPv6, the default security group lets all IPv6 traffic out (`::/0`), as it does IPv4.
    mutating func addIpv6DefaultEgressRule(vpcId: String) {
        guard var group = all(SecurityGroup.self, inVpc: vpcId).first(where: \.isDefault) else { return }
        guard !group.egress.contains(where: { $0.peer == SecurityGroupRule.allIpv6 }) else { return }
        group.egress.append(SecurityGroupRule(ruleId: newId(.securityGroupRule), ipProtocol: "-1", peer: SecurityGroupRule.allIpv6))
        put(group)
    }

    /// AWS adds IPv6 allow-all (101) and deny-rest (32768) entries to the default ACL when a VPC gets IPv6.
    mutating func addIpv6DefaultAclEntries(vpcId: String) {
        guard var acl = all(NetworkAcl.self, inVpc: vpcId).first(where: \.isDefault) else { return }
        let everything = IPCIDR("::/0")!
        guard !acl.entries.contains(where: { $0.cidrBlock == everything }) else { return }
        for egress in [false, true] {
            acl.entries.append(NetworkAclEntry(ruleNumber: 101, egress: egress, ipProtocol: "-1", ruleAction: .allow, cidrBlock: everything))
            acl.entries.append(NetworkAclEntry(ruleNumber: 32768, egress: egress, ipProtocol: "-1", ruleAction: .deny, cidrBlock: everything))
        }
        put(acl)
    }
}
