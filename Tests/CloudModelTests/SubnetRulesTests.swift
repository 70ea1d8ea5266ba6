import Addressing
import CloudModel
import TestSupport
import Testing

struct SubnetRulesTests {
    @Test(
        arguments: [
            ("10.0.1.0/24", nil), ("10.0.0.0/16", nil), ("10.0.1.0/28", nil), ("10.0.1.0/29", "InvalidSubnet.Range"),
            ("10.1.0.0/24", "InvalidSubnet.Range"), ("10.0.0.0/15", "InvalidSubnet.Range"), ("10.0.1.1/24", "InvalidParameterValue"),
            ("nope", "InvalidParameterValue"),
        ] as [(String, String?)])
    func createSubnetValidatesTheBlock(cidr: String, expectedCode: String?) throws {
        var cloud = TestCloud()
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        #expect(cloud.error { try $0.createSubnet(vpcId: vpc.id, cidrBlock: cidr) }?.code == expectedCode)
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
