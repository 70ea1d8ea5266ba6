import Addressing
import CloudModel
import TestSupport
import Testing

/// IPv6 in subnets and on interfaces: which blocks a subnet may take, IPv6-only subnets, and the addresses interfaces get.
struct Ipv6SubnetRulesTests {
    /// A VPC with an Amazon-provided /56, and the n-th /64 of it.
    struct DualStackVpc {
        var cloud = TestCloud()
        let vpc: Vpc

        init() throws {
            vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16", amazonProvidedIpv6CidrBlock: true) }
        }

        /// The block `bits` more bits long than the VPC's /56, at position `index`.
        func block(_ index: Int, plus bits: Int = 8) -> String {
            let base = vpc.ipv6Blocks[0]
            let length = base.prefixLength + bits
            let bitsValue = base.network.bits | (UInt128(index) << UInt128(128 - length))
            return IPv6CIDR(address: IPv6Address(bits: bitsValue), prefixLength: length)!.description
        }
    }

    /// Sizes and places, relative to the VPC's /56: /64s and /60s inside are fine; /68, a /48 and an outside /64 are not.
    @Test(
        arguments: [(8, 1, nil), (4, 1, nil), (0, 0, nil), (12, 1, "InvalidSubnet.Range"), (-8, 0, "InvalidSubnet.Range")] as [(Int, Int, String?)])
    func aSubnetIpv6BlockMustBeASizeAWSAllowsInsideTheVpcBlock(bits: Int, index: Int, expectedCode: String?) throws {
        var f = try DualStackVpc()
        let block = bits >= 0 ? f.block(index, plus: bits) : IPv6CIDR(address: f.vpc.ipv6Blocks[0].network, prefixLength: 48)!.canonical.description
        let vpcId = f.vpc.id
        #expect(f.cloud.error { try $0.createSubnet(vpcId: vpcId, cidrBlock: "10.0.1.0/24", ipv6CidrBlock: block) }?.code == expectedCode)
    }

    @Test func blocksOutsideTheVpcOrOverlappingASiblingAreRefused() throws {
        var f = try DualStackVpc()
        let vpcId = f.vpc.id
        let first = f.block(1)
        try f.cloud.run { try $0.createSubnet(vpcId: vpcId, cidrBlock: "10.0.1.0/24", ipv6CidrBlock: first) }
        #expect(f.cloud.error { try $0.createSubnet(vpcId: vpcId, cidrBlock: "10.0.2.0/24", ipv6CidrBlock: first) }?.code == "InvalidSubnet.Conflict")
        #expect(
            f.cloud.error { try $0.createSubnet(vpcId: vpcId, cidrBlock: "10.0.2.0/24", ipv6CidrBlock: "2001:db8::/64") }?.code
                == "InvalidSubnet.Range")
        #expect(
            f.cloud.error { try $0.createSubnet(vpcId: vpcId, cidrBlock: "10.0.2.0/24", ipv6CidrBlock: "2001:db8::1/64") }?.code
                == "InvalidParameterValue")
        let plain = try f.cloud.run { try $0.createVpc(cidrBlock: "10.1.0.0/16") }.id
        #expect(f.cloud.error { try $0.createSubnet(vpcId: plain, cidrBlock: "10.1.1.0/24", ipv6CidrBlock: first) }?.code == "InvalidSubnet.Range")
    }

    @Test(arguments: [(true, true, nil), (true, false, "InvalidParameterCombination"), (false, true, "MissingParameter")] as [(Bool, Bool, String?)])
    func anIpv6OnlySubnetHasAnIpv6BlockAndNoIpv4Block(hasIpv6: Bool, withoutIpv4: Bool, expectedCode: String?) throws {
        var f = try DualStackVpc()
        let (vpcId, block) = (f.vpc.id, f.block(2))
        let error = f.cloud.error {
            try $0.createSubnet(vpcId: vpcId, cidrBlock: withoutIpv4 ? nil : "10.0.1.0/24", ipv6CidrBlock: hasIpv6 ? block : nil, ipv6Native: true)
        }
        #expect(error?.code == expectedCode)
    }

    @Test func anIpv6OnlySubnetNamesByResourceAndAssignsIpv6AndKeepsItsBlock() throws {
        var f = try DualStackVpc()
        let (vpcId, block) = (f.vpc.id, f.block(2))
        let subnet = try f.cloud.run { try $0.createSubnet(vpcId: vpcId, cidrBlock: nil, ipv6CidrBlock: block, ipv6Native: true) }
        #expect(subnet.cidrBlock == nil && subnet.ipv6Native && subnet.assignIpv6AddressOnCreation)
        #expect(subnet.privateDnsNameOptionsOnLaunch.hostnameType == .resourceName)
        #expect(f.cloud.state.availableIpAddressCount(of: subnet) == 0)
        #expect(f.cloud.error { try $0.modifySubnetAttribute(subnet.id, .mapPublicIpOnLaunch(true)) }?.code == "InvalidParameterValue")
        #expect(f.cloud.error { try $0.modifySubnetAttribute(subnet.id, .assignIpv6AddressOnCreation(false)) }?.code == "InvalidParameterValue")
        let association = subnet.ipv6CidrBlockAssociations[0].associationId
        #expect(f.cloud.error { _ = try $0.disassociateSubnetCidrBlock(associationId: association) }?.code == "OperationNotPermitted")
        // LocalVPC does not launch into IPv6-only subnets yet, and says so rather than pretending.
        #expect(
            f.cloud.error { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", subnetId: subnet.id)) }?.code == "UnsupportedOperation")
    }

    @Test func associateAndDisassociateFollowAWSsRules() throws {
        var f = try DualStackVpc()
        let vpcId = f.vpc.id
        let subnet = try f.cloud.run { try $0.createSubnet(vpcId: vpcId, cidrBlock: "10.0.1.0/24") }.id
        #expect(f.cloud.error { try $0.modifySubnetAttribute(subnet, .assignIpv6AddressOnCreation(true)) }?.code == "InvalidParameterValue")
        let block = f.block(3)
        let association = try f.cloud.run { try $0.associateSubnetCidrBlock(subnet, ipv6CidrBlock: block) }
        #expect(association.ipv6CidrBlock.description == block)
        let another = f.block(4)
        #expect(f.cloud.error { _ = try $0.associateSubnetCidrBlock(subnet, ipv6CidrBlock: another) }?.code == "CidrLimitExceeded")
        try f.cloud.run { try $0.modifySubnetAttribute(subnet, .assignIpv6AddressOnCreation(true)) }
        let id = association.associationId
        #expect(f.cloud.error { _ = try $0.disassociateSubnetCidrBlock(associationId: id) }?.code == "InvalidCidrBlock.InUse")
        try f.cloud.run { try $0.modifySubnetAttribute(subnet, .assignIpv6AddressOnCreation(false)) }
        let instance = try f.cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", subnetId: subnet, ipv6AddressCount: 1)) }[0]
        #expect(f.cloud.error { _ = try $0.disassociateSubnetCidrBlock(associationId: id) }?.code == "InvalidCidrBlock.InUse")
        let interface = instance.primaryNetworkInterfaceId
        let address = f.cloud.state[TestCloud.scope].networkInterfaces[interface]!.ipv6Addresses[0].description
        try f.cloud.run { _ = try $0.unassignIpv6Addresses(interface, addresses: [address]) }
        try f.cloud.run { _ = try $0.disassociateSubnetCidrBlock(associationId: id) }
        #expect(f.cloud.state[TestCloud.scope].subnets[subnet]!.ipv6CidrBlockAssociations.isEmpty)
        #expect(f.cloud.error { _ = try $0.disassociateSubnetCidrBlock(associationId: id) }?.code == "InvalidSubnetCidrBlockAssociationID.NotFound")
    }

    @Test func interfacesGetIpv6AddressesFromTheSubnetBlockNeverReservedNeverTwice() throws {
        var f = try DualStackVpc()
        let (vpcId, block) = (f.vpc.id, f.block(5))
        let subnet = try f.cloud.run { try $0.createSubnet(vpcId: vpcId, cidrBlock: "10.0.1.0/24", ipv6CidrBlock: block) }
        let cidr = IPv6CIDR(block)!
        // Without a count, a subnet that does not assign on creation gives none.
        let plain = try f.cloud.run { try $0.createNetworkInterface(.init(subnetId: subnet.id)) }
        #expect(plain.ipv6Addresses.isEmpty)
        let counted = try f.cloud.run { try $0.createNetworkInterface(.init(subnetId: subnet.id, ipv6AddressCount: 20)) }
        #expect(Set(counted.ipv6Addresses).count == 20)
        #expect(counted.ipv6Addresses.allSatisfy { cidr.contains($0) && $0.bits - cidr.network.bits >= 4 && $0 != cidr.lastAddress })
        let taken = counted.ipv6Addresses[0].description
        #expect(f.cloud.error { try $0.createNetworkInterface(.init(subnetId: subnet.id, ipv6Addresses: [taken])) }?.code == "InvalidIPAddress.InUse")
        let reserved = cidr.network.advanced(by: 2)!.description
        #expect(
            f.cloud.error { try $0.createNetworkInterface(.init(subnetId: subnet.id, ipv6Addresses: [reserved])) }?.code == "InvalidParameterValue")
        #expect(
            f.cloud.error { try $0.createNetworkInterface(.init(subnetId: subnet.id, ipv6Addresses: ["2001:db8::9"])) }?.code
                == "InvalidParameterValue")
        #expect(
            f.cloud.error { try $0.createNetworkInterface(.init(subnetId: subnet.id, ipv6AddressCount: 1, ipv6Addresses: [reserved])) }?.code
                == "InvalidParameterCombination")
        let id = counted.id
        #expect(f.cloud.error { _ = try $0.assignIpv6Addresses(id, addresses: [], count: 31) }?.code == "Ipv6AddressLimitExceeded")
        let added = try f.cloud.run { try $0.assignIpv6Addresses(id, addresses: [], count: 2) }
        #expect(f.cloud.state[TestCloud.scope].networkInterfaces[id]!.ipv6Addresses.suffix(2) == added[...])
        #expect(f.cloud.error { _ = try $0.unassignIpv6Addresses(id, addresses: ["2001:db8::9"]) }?.code == "InvalidParameterValue")
    }

    @Test func theSubnetsAssignOnCreationGivesEachLaunchOneAddress() throws {
        var f = try DualStackVpc()
        let (vpcId, block) = (f.vpc.id, f.block(6))
        let subnet = try f.cloud.run { try $0.createSubnet(vpcId: vpcId, cidrBlock: "10.0.1.0/24", ipv6CidrBlock: block) }.id
        try f.cloud.run { try $0.modifySubnetAttribute(subnet, .assignIpv6AddressOnCreation(true)) }
        let instances = try f.cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", maxCount: 3, subnetId: subnet)) }
        let addresses = instances.map { f.cloud.state[TestCloud.scope].networkInterfaces[$0.primaryNetworkInterfaceId]!.ipv6Addresses }
        #expect(addresses.allSatisfy { $0.count == 1 } && Set(addresses.flatMap(\.self)).count == 3)
    }

    @Test func groupsInAnIpv6VpcLetAllIpv6Out() throws {
        var f = try DualStackVpc()
        let vpcId = f.vpc.id
        let defaultGroup = f.cloud.state[TestCloud.scope].securityGroups.values.first { $0.groupVpcId == vpcId && $0.isDefault }!
        #expect(defaultGroup.egress.map(\.peer).contains(SecurityGroupRule.allIpv6))
        let group = try f.cloud.run { try $0.createSecurityGroup(name: "web", description: "web", vpcId: vpcId) }
        #expect(group.egress.map(\.peer) == [.ipv4(IPv4CIDR("0.0.0.0/0")!), SecurityGroupRule.allIpv6])
        let plainVpc = try f.cloud.run { try $0.createVpc(cidrBlock: "10.1.0.0/16") }.id
        let plain = try f.cloud.run { try $0.createSecurityGroup(name: "web", description: "web", vpcId: plainVpc) }
        #expect(plain.egress.map(\.peer) == [.ipv4(IPv4CIDR("0.0.0.0/0")!)])
    }
}
