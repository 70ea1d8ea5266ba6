import Addressing
import CloudModel
import TestSupport
import Testing

struct VpcRulesTests {
    @Test(
        arguments: [
            ("10.0.0.0/16", nil), ("10.0.0.0/28", nil), ("192.168.0.0/24", nil), ("100.64.0.0/20", nil),
            ("10.0.0.0/15", "InvalidVpc.Range"), ("10.0.0.0/29", "InvalidVpc.Range"), ("0.0.0.0/0", "InvalidVpc.Range"),
            ("10.0.0.1/16", nil), ("10.0.0.0", "InvalidParameterValue"), ("10.0.0.0/33", "InvalidParameterValue"),
            ("banana", "InvalidParameterValue"), ("", "InvalidParameterValue"), ("2001:db8::/56", "InvalidParameterValue"),
        ] as [(String, String?)])
    func createVpcValidatesTheBlock(cidr: String, expectedCode: String?) {
        var cloud = TestCloud()
        _ = cloud.error { _ in }
        let before = cloud.state.resourceCount
        let error = cloud.error { try $0.createVpc(cidrBlock: cidr) }
        #expect(error?.code == expectedCode)
        // A refused command leaves nothing behind; an accepted one adds the VPC and its four defaults.
        #expect(cloud.state.resourceCount == before + (expectedCode == nil ? 4 : 0))
    }

    @Test func aNewVpcHasAMainRouteTableDefaultGroupAndDefaultAcl() throws {
        var cloud = TestCloud()
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        let region = cloud.state[TestCloud.scope]
        #expect(vpc.enableDnsSupport && !vpc.enableDnsHostnames && !vpc.isDefault)
        let tables = region.routeTables.values.filter { $0.tableVpcId == vpc.id }
        #expect(tables.count == 1 && tables[0].isMain)
        #expect(tables[0].routes == [Route(destination: .v4(vpc.cidrBlock), target: .local, origin: .createRouteTable)])
        let groups = region.securityGroups.values.filter { $0.groupVpcId == vpc.id }
        #expect(groups.map(\.groupName) == ["default"])
        let acls = region.networkAcls.values.filter { $0.aclVpcId == vpc.id }
        #expect(acls.count == 1 && acls[0].isDefault)
        #expect(acls[0].entries.map(\.ruleNumber).sorted() == [100, 100, 32767, 32767])
    }

    @Test func deleteVpcRefusesWhileSubnetsOrGatewaysRemain() throws {
        var cloud = TestCloud()
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        let subnet = try cloud.run { try $0.createSubnet(vpcId: vpc.id, cidrBlock: "10.0.1.0/24") }
        #expect(cloud.error { try $0.deleteVpc(vpc.id) }?.code == "DependencyViolation")
        try cloud.run { try $0.deleteSubnet(subnet.id) }
        let gateway = try cloud.run { try $0.createInternetGateway() }
        try cloud.run { try $0.attachInternetGateway(gateway.id, vpcId: vpc.id) }
        #expect(cloud.error { try $0.deleteVpc(vpc.id) }?.code == "DependencyViolation")
        try cloud.run { try $0.detachInternetGateway(gateway.id, vpcId: vpc.id) }
        try cloud.run { try $0.deleteVpc(vpc.id) }
        let region = cloud.state[TestCloud.scope]
        #expect(region.vpcs[vpc.id] == nil)
        #expect(region.idsByVpc[vpc.id] == nil, "the VPC's main table, default group and ACL go with it")
    }

    @Test(arguments: ["vpc-123", "vpc-XYZ12345", "subnet-12345678", "vpc"])
    func malformedVpcIdsAreMalformed(id: String) {
        var cloud = TestCloud()
        #expect(cloud.error { try $0.deleteVpc(id) }?.code == "InvalidVpcID.Malformed")
    }

    @Test func unknownWellFormedIdsAreNotFound() {
        var cloud = TestCloud()
        #expect(cloud.error { try $0.deleteVpc("vpc-0123456789abcdef0") }?.code == "InvalidVpcID.NotFound")
        #expect(cloud.error { try $0.deleteVpc("vpc-12345678") }?.code == "InvalidVpcID.NotFound")
    }

    @Test func dnsHostnamesNeedDnsSupport() throws {
        var cloud = TestCloud()
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        try cloud.run { try $0.modifyVpcAttribute(vpc.id, .enableDnsSupport, to: false) }
        #expect(cloud.error { try $0.modifyVpcAttribute(vpc.id, .enableDnsHostnames, to: true) }?.code == "InvalidParameterValue")
        try cloud.run { try $0.modifyVpcAttribute(vpc.id, .enableDnsSupport, to: true) }
        try cloud.run { try $0.modifyVpcAttribute(vpc.id, .enableDnsHostnames, to: true) }
        #expect(cloud.state[TestCloud.scope].vpcs[vpc.id]?.enableDnsHostnames == true)
    }

    @Test func quotasAreOffByDefaultAndAWSsWhenSwitchedOn() throws {
        var cloud = TestCloud()
        for index in 0..<10 { try cloud.run { try $0.createVpc(cidrBlock: "10.\(index).0.0/16") } }
        var limited = TestCloud()
        limited.configuration.enforcesAdjustableQuotas = true
        // The default VPC counts towards the five.
        for index in 0..<4 { try limited.run { try $0.createVpc(cidrBlock: "10.\(index).0.0/16") } }
        #expect(limited.error { try $0.createVpc(cidrBlock: "10.9.0.0/16") }?.code == "VpcLimitExceeded")
    }
}
