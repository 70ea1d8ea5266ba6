import Addressing
import CloudModel
import TestSupport
import Testing

struct SubnetRulesTests {
    @Test(
        arguments: [
            ("10.0.1.0/24", nil), ("10.0.0.0/16", nil), ("10.0.1.0/28", nil), ("10.0.1.0/29", "InvalidSubnet.Range"),
            ("10.1.0.0/24", "InvalidSubnet.Range"), ("10.0.0.0/15", "InvalidSubnet.Range"), ("10.0.1.1/24", nil),
            ("nope", "InvalidParameterValue"),
        ] as [(String, String?)])
    func createSubnetValidatesTheBlock(cidr: String, expectedCode: String?) throws {
        var cloud = TestCloud()
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        #expect(cloud.error { try $0.createSubnet(vpcId: vpc.id, cidrBlock: cidr) }?.code == expectedCode)
    }

    /// Host bits are dropped, as the API reference says AWS does ("if you specify 100.68.0.18/18, we modify it to
    /// 100.68.0.0/18"): for CreateVpc, CreateSubnet and CreateRoute's IPv4 destination.
    @Test func createVpcSubnetAndRouteMakeTheirBlocksCanonical() throws {
        var cloud = TestCloud()
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.7.9/16") }
        #expect(vpc.ipv4Blocks.map(\.description) == ["10.0.0.0/16"])
        let subnet = try cloud.run { try $0.createSubnet(vpcId: vpc.id, cidrBlock: "10.0.1.1/24") }
        #expect(subnet.cidrBlock?.description == "10.0.1.0/24")
        #expect(
            cloud.error { try $0.createSubnet(vpcId: vpc.id, cidrBlock: "10.0.1.200/24") }?.message
                == "The CIDR '10.0.1.0/24' conflicts with another subnet")
        let table = try cloud.run { try $0.createRouteTable(vpcId: vpc.id) }
        let gateway = try cloud.run { try $0.createInternetGateway() }
        try cloud.run { try $0.attachInternetGateway(gateway.id, vpcId: vpc.id) }
        try cloud.run { try $0.createRoute(table.id, destination: "100.68.0.18/18", target: .gateway(gateway.id)) }
        #expect(cloud.state[TestCloud.scope].routeTables[table.id]!.routes.contains { $0.destination.description == "100.68.0.0/18" })
        #expect(
            cloud.error { try $0.deleteRoute(table.id, destination: "100.68.0.18/18") }?.code == "InvalidParameterValue",
            "Delete names the route as it is")
        #expect(
            cloud.error { try $0.createRoute(table.id, destination: "2001:db8::1/64", target: .gateway(gateway.id)) }?.code == "InvalidParameterValue"
        )
    }

    @Test(arguments: ["10.0.1.0/24", "10.0.1.128/25", "10.0.0.0/23", "10.0.0.0/16"])
    func overlappingSubnetsConflict(cidr: String) throws {
        var cloud = TestCloud()
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        try cloud.run { try $0.createSubnet(vpcId: vpc.id, cidrBlock: "10.0.1.0/24") }
        #expect(cloud.error { try $0.createSubnet(vpcId: vpc.id, cidrBlock: cidr) }?.code == "InvalidSubnet.Conflict")
    }

    @Test func availableAddressesExcludeAWSsFiveReserved() throws {
        var cloud = TestCloud()
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        let subnet = try cloud.run { try $0.createSubnet(vpcId: vpc.id, cidrBlock: "10.0.1.0/24") }
        #expect(cloud.state.availableIpAddressCount(of: subnet) == 251)
    }

    @Test func theZoneIsTakenByNameOrIdAndRefusedWhenUnknown() throws {
        var cloud = TestCloud()
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        let byName = try cloud.run { try $0.createSubnet(vpcId: vpc.id, cidrBlock: "10.0.1.0/24", availabilityZone: "us-east-1c") }
        #expect(byName.availabilityZone == "us-east-1c" && byName.availabilityZoneId == "use1-az3")
        let byId = try cloud.run { try $0.createSubnet(vpcId: vpc.id, cidrBlock: "10.0.2.0/24", availabilityZoneId: "use1-az2") }
        #expect(byId.availabilityZone == "us-east-1b")
        #expect(
            cloud.error { try $0.createSubnet(vpcId: vpc.id, cidrBlock: "10.0.3.0/24", availabilityZone: "eu-west-1a") }?.code
                == "InvalidParameterValue")
    }

    @Test func everySubnetIsAssociatedWithTheDefaultAclUntilDeleted() throws {
        var cloud = TestCloud()
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        let subnet = try cloud.run { try $0.createSubnet(vpcId: vpc.id, cidrBlock: "10.0.1.0/24") }
        let acl = { cloud.state[TestCloud.scope].networkAcls.values.first { $0.aclVpcId == vpc.id }! }
        #expect(acl().associations.map(\.subnetId) == [subnet.id])
        try cloud.run { try $0.deleteSubnet(subnet.id) }
        #expect(acl().associations.isEmpty)
    }

    /// Whatever blocks are asked for, the subnets a VPC ends up with never overlap and all lie inside it.
    @Test func acceptedSubnetsNeverOverlap() throws {
        var cloud = TestCloud()
        var random = SeededGenerator(seed: 7)
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        for _ in 0..<300 {
            let length = Int.random(in: 16...28, using: &random)
            let third = Int.random(in: 0...255, using: &random)
            let fourth = Int.random(in: 0...255, using: &random)
            let candidate = "10.\(Int.random(in: 0...1, using: &random)).\(third).\(fourth)/\(length)"
            _ = cloud.error { try $0.createSubnet(vpcId: vpc.id, cidrBlock: candidate) }
        }
        let subnets = cloud.state[TestCloud.scope].subnets.values.filter { $0.subnetVpcId == vpc.id }
        #expect(!subnets.isEmpty)
        for a in subnets {
            #expect(vpc.cidrBlock.contains(a.cidrBlock!))
            for b in subnets where a.id != b.id { #expect(!a.cidrBlock!.overlaps(b.cidrBlock!)) }
        }
    }
}
