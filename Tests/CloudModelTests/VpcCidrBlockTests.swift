import Addressing
import CloudModel
import TestSupport
import Testing

struct VpcCidrBlockTests {
    @Test(
        arguments: [
            ("10.1.0.0/16", nil), ("10.0.0.0/16", "InvalidVpc.Range"), ("10.0.128.0/17", "InvalidVpc.Range"),
            ("172.16.0.0/16", "InvalidVpc.Range"), ("100.64.0.0/16", nil), ("10.1.0.0/29", "InvalidVpc.Range"),
            ("10.1.0.5/16", "InvalidParameterValue"), ("10.2.0.0/16", nil), ("169.254.0.0/16", "InvalidVpc.Range"),
        ] as [(String, String?)])
    func secondaryBlocksFollowAWSsRules(cidr: String, expectedCode: String?) throws {
        var cloud = TestCloud()
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        #expect(cloud.error { try $0.associateVpcCidrBlock(vpc.id, cidrBlock: cidr, amazonProvidedIpv6CidrBlock: false) }?.code == expectedCode)
    }

    @Test func aSecondaryBlockGetsALocalRouteAndSubnetsMayUseIt() throws {
        var cloud = TestCloud()
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        let (_, added) = try cloud.run { try $0.associateVpcCidrBlock(vpc.id, cidrBlock: "10.1.0.0/16", amazonProvidedIpv6CidrBlock: false) }
        let main = cloud.state[TestCloud.scope].routeTables.values.first { $0.tableVpcId == vpc.id }!
        #expect(main.routes.filter { $0.target == .local }.map(\.destination.description) == ["10.0.0.0/16", "10.1.0.0/16"])
        let subnet = try cloud.run { try $0.createSubnet(vpcId: vpc.id, cidrBlock: "10.1.5.0/24") }
        guard case .ipv4(let association) = added else { Issue.record("expected an IPv4 block"); return }
        #expect(cloud.error { try $0.disassociateVpcCidrBlock(associationId: association.associationId) }?.code == "InvalidCidrBlock.InUse")
        try cloud.run { try $0.deleteSubnet(subnet.id) }
        try cloud.run { try $0.disassociateVpcCidrBlock(associationId: association.associationId) }
        let after = cloud.state[TestCloud.scope].routeTables[main.id]!
        #expect(after.routes.map(\.destination.description) == ["10.0.0.0/16"])
    }

    /// The VPC User Guide's table: a VPC with a block in 10.0.0.0/15 takes none from 10.0.0.0/16; a 172.16.0.0/12
    /// primary takes none from 172.31.0.0/16.
    @Test(arguments: [("10.1.0.0/16", "10.0.4.0/24", false), ("10.2.0.0/16", "10.0.4.0/24", true), ("172.20.0.0/16", "172.31.0.0/16", false)])
    func restrictedRangesWithinAPrivateRange(primary: String, secondary: String, allowed: Bool) throws {
        var cloud = TestCloud()
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: primary) }
        let error = cloud.error { try $0.associateVpcCidrBlock(vpc.id, cidrBlock: secondary, amazonProvidedIpv6CidrBlock: false) }
        #expect(error?.code == (allowed ? nil : "InvalidVpc.Range"))
    }

    @Test func aBlockMayNotBeAsLargeAsARoutesDestination() throws {
        var cloud = TestCloud()
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.2.0.0/16") }
        let gateway = try cloud.run { try $0.createInternetGateway() }
        try cloud.run { try $0.attachInternetGateway(gateway.id, vpcId: vpc.id) }
        let main = cloud.state[TestCloud.scope].routeTables.values.first { $0.tableVpcId == vpc.id }!
        try cloud.run { try $0.createRoute(main.id, destination: "10.0.0.0/24", target: .gateway(gateway.id)) }
        for larger in ["10.0.0.0/16", "10.0.0.0/24"] {
            #expect(
                cloud.error { try $0.associateVpcCidrBlock(vpc.id, cidrBlock: larger, amazonProvidedIpv6CidrBlock: false) }?.code
                    == "InvalidParameterValue")
        }
        #expect(cloud.error { try $0.associateVpcCidrBlock(vpc.id, cidrBlock: "10.0.0.0/25", amazonProvidedIpv6CidrBlock: false) } == nil)
    }

    @Test func peeringsLimitWhatMayBeAdded() throws {
        var cloud = TestCloud()
        let requester = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        let accepter = try cloud.run { try $0.createVpc(cidrBlock: "10.8.0.0/16") }
        let pending = try cloud.run { try $0.createVpcPeeringConnection(vpcId: requester.id, peerVpcId: accepter.id) }
        #expect(
            cloud.error { try $0.associateVpcCidrBlock(requester.id, cidrBlock: "10.5.0.0/16", amazonProvidedIpv6CidrBlock: false) }?.code
                == "OperationNotPermitted")
        _ = try cloud.run { try $0.associateVpcCidrBlock(accepter.id, cidrBlock: "10.0.0.0/24", amazonProvidedIpv6CidrBlock: false) }
        let answered = try cloud.run { try $0.acceptVpcPeeringConnection(pending.id) }
        #expect(answered.status == .failed, "the accepter's new block overlaps the requester's")

        let left = try cloud.run { try $0.createVpc(cidrBlock: "10.2.0.0/16") }
        let right = try cloud.run { try $0.createVpc(cidrBlock: "10.3.0.0/16") }
        let active = try cloud.run { try $0.createVpcPeeringConnection(vpcId: left.id, peerVpcId: right.id) }
        _ = try cloud.run { try $0.acceptVpcPeeringConnection(active.id) }
        #expect(
            cloud.error { try $0.associateVpcCidrBlock(left.id, cidrBlock: "10.3.0.0/16", amazonProvidedIpv6CidrBlock: false) }?.code
                == "InvalidVpc.Range")
        #expect(cloud.error { try $0.associateVpcCidrBlock(left.id, cidrBlock: "10.4.0.0/16", amazonProvidedIpv6CidrBlock: false) } == nil)
    }

    @Test func thePrimaryBlockCannotBeDisassociated() throws {
        var cloud = TestCloud()
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        let primary = vpc.cidrBlockAssociations[0].associationId
        #expect(cloud.error { try $0.disassociateVpcCidrBlock(associationId: primary) }?.code == "OperationNotPermitted")
    }

    @Test func amazonProvidedIpv6IsADocumentationRangeSlash56() throws {
        var cloud = TestCloud()
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16", amazonProvidedIpv6CidrBlock: true) }
        let block = try #require(vpc.ipv6Blocks.first)
        #expect(block.prefixLength == 56)
        #expect(block.description.hasPrefix("2001:db8:"))
        let main = cloud.state[TestCloud.scope].routeTables.values.first { $0.tableVpcId == vpc.id }!
        #expect(main.routes.contains(Route(destination: .v6(block), target: .local, origin: .createRouteTable)))
        #expect(cloud.error { try $0.associateVpcCidrBlock(vpc.id, cidrBlock: nil, amazonProvidedIpv6CidrBlock: true) }?.code == "CidrLimitExceeded")
        let acl = cloud.state[TestCloud.scope].networkAcls.values.first { $0.aclVpcId == vpc.id }!
        #expect(acl.entries.map(\.ruleNumber).sorted() == [100, 100, 101, 101, 32767, 32767, 32768, 32768])
    }
}
