import Addressing
import CloudModel
import Foundation
import TestSupport
import Testing

/// Network ACLs as a whole: creating, deleting, entries by rule number, and which ACL a subnet is associated with.
struct NetworkAclRulesTests {
    /// A VPC with two subnets, and a custom ACL in it.
    struct Fixture {
        var cloud = TestCloud()
        let vpc: Vpc
        let subnets: [Subnet]
        let acl: NetworkAcl

        init(ipv6: Bool = false) throws {
            vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16", amazonProvidedIpv6CidrBlock: ipv6) }
            let vpcId = vpc.id
            var subnets: [Subnet] = []
            for index in 1...2 {
                subnets.append(try cloud.run { try $0.createSubnet(vpcId: vpcId, cidrBlock: "10.0.\(index).0/24") })
            }
            self.subnets = subnets
            acl = try cloud.run { try $0.createNetworkAcl(vpcId: vpcId) }
        }

        var region: RegionState { cloud.state[TestCloud.scope] }
        var defaultAcl: NetworkAcl { region.networkAcls.values.first { $0.aclVpcId == vpc.id && $0.isDefault }! }
        var currentAcl: NetworkAcl { region.networkAcls[acl.id]! }
        func association(of subnet: Subnet) -> NetworkAclAssociation {
            region.networkAcls.values.flatMap(\.associations).first { $0.subnetId == subnet.id }!
        }
        /// Each subnet and the ACLs it is associated with: always exactly one.
        var aclsBySubnet: [String: [String]] {
            let acls = region.networkAcls.values.filter { $0.aclVpcId == vpc.id }
            return Dictionary(grouping: acls.flatMap { acl in acl.associations.map { ($0.subnetId, acl.id) } }) { $0.0 }
                .mapValues { $0.map(\.1) }
        }
    }

    @Test(arguments: [false, true])
    func aNewAclDeniesEverythingAndHasNoAssociations(ipv6: Bool) throws {
        let f = try Fixture(ipv6: ipv6)
        #expect(!f.acl.isDefault && f.acl.associations.isEmpty)
        let expected: [(Int, String)] = [(32767, "0.0.0.0/0")] + (ipv6 ? [(32768, "::/0")] : [])
        for egress in [true, false] {
            let entries = f.acl.entries(egress: egress)
            #expect(entries.map(\.ruleNumber) == expected.map(\.0))
            #expect(entries.map(\.cidrBlock.description) == expected.map(\.1))
            #expect(entries.allSatisfy { $0.ruleAction == .deny && $0.ipProtocol == "-1" && $0.isCatchAll })
        }
    }

    @Test func createNeedsAnExistingVpcAndTakesTags() throws {
        var f = try Fixture()
        #expect(f.cloud.error { try $0.createNetworkAcl(vpcId: "vpc-0123456789abcdef0") }?.code == "InvalidVpcID.NotFound")
        #expect(f.cloud.error { try $0.createNetworkAcl(vpcId: "nope") }?.code == "InvalidVpcID.Malformed")
        let vpcId = f.vpc.id
        let tagged = try f.cloud.run {
            try $0.createNetworkAcl(
                vpcId: vpcId, tagSpecifications: [TagSpecification(resourceType: "network-acl", tags: [Tag(key: "Name", value: "web")])])
        }
        #expect(tagged.tags["Name"] == "web")
        let wrongType = [TagSpecification(resourceType: "vpc", tags: [Tag(key: "Name", value: "x")])]
        #expect(f.cloud.error { try $0.createNetworkAcl(vpcId: vpcId, tagSpecifications: wrongType) }?.code == "InvalidParameterValue")
    }

    @Test func entriesAreUniquePerDirectionAndRuleNumber() throws {
        var f = try Fixture()
        let acl = f.acl.id
        let inbound = NetworkAclEntryTests.request(100)
        try f.cloud.run { try $0.createNetworkAclEntry(acl, inbound) }
        #expect(f.cloud.error { try $0.createNetworkAclEntry(acl, inbound) }?.code == "NetworkAclEntryAlreadyExists")
        var outbound = inbound
        outbound.egress = true
        try f.cloud.run { try $0.createNetworkAclEntry(acl, outbound) }
        #expect(f.currentAcl.entries.filter { $0.ruleNumber == 100 }.count == 2)
    }

    @Test func replaceAndDeleteNeedTheEntryAndNeverTouchTheCatchAll() throws {
        var f = try Fixture()
        let acl = f.acl.id
        #expect(f.cloud.error { try $0.replaceNetworkAclEntry(acl, NetworkAclEntryTests.request(100)) }?.code == "InvalidNetworkAclEntry.NotFound")
        #expect(f.cloud.error { try $0.deleteNetworkAclEntry(acl, ruleNumber: 100, egress: false) }?.code == "InvalidNetworkAclEntry.NotFound")
        try f.cloud.run { try $0.createNetworkAclEntry(acl, NetworkAclEntryTests.request(100)) }
        try f.cloud.run { try $0.replaceNetworkAclEntry(acl, NetworkAclEntryTests.request(100, protocol: "6", action: "deny", ports: (22, 22))) }
        let replaced = f.currentAcl.entries(egress: false)[0]
        #expect(replaced.ipProtocol == "6" && replaced.ruleAction == .deny && replaced.portRange == 22...22)
        #expect(f.cloud.error { try $0.deleteNetworkAclEntry(acl, ruleNumber: 100, egress: true) }?.code == "InvalidNetworkAclEntry.NotFound")
        try f.cloud.run { try $0.deleteNetworkAclEntry(acl, ruleNumber: 100, egress: false) }
        for number in [32767, 32768] {
            #expect(f.cloud.error { try $0.deleteNetworkAclEntry(acl, ruleNumber: number, egress: false) }?.code == "InvalidParameterValue")
            #expect(f.cloud.error { try $0.replaceNetworkAclEntry(acl, NetworkAclEntryTests.request(number)) }?.code == "InvalidParameterValue")
        }
        #expect(f.currentAcl.entries == f.acl.entries)
        #expect(
            f.cloud.error { try $0.createNetworkAclEntry("acl-0123456789abcdef0", NetworkAclEntryTests.request()) }?.code
                == "InvalidNetworkAclID.NotFound")
    }

    @Test func theDefaultAclsEntriesCanChangeButItCannotBeDeleted() throws {
        var f = try Fixture()
        let defaultAcl = f.defaultAcl.id
        try f.cloud.run { try $0.deleteNetworkAclEntry(defaultAcl, ruleNumber: 100, egress: false) }
        #expect(f.defaultAcl.entries(egress: false).map(\.ruleNumber) == [32767])
        #expect(f.cloud.error { try $0.deleteNetworkAcl(defaultAcl) }?.code == "InvalidParameterValue")
    }

    @Test func replacingAnAssociationMovesTheSubnetAndMintsANewId() throws {
        var f = try Fixture()
        let (acl, subnet) = (f.acl.id, f.subnets[0])
        let old = f.association(of: subnet)
        let new = try f.cloud.run { try $0.replaceNetworkAclAssociation(associationId: old.id, networkAclId: acl) }
        #expect(new.id != old.id && new.id.hasPrefix("aclassoc-") && new.subnetId == subnet.id)
        #expect(f.currentAcl.associations == [new])
        #expect(f.aclsBySubnet.values.allSatisfy { $0.count == 1 } && f.aclsBySubnet.count == 2)
        #expect(
            f.cloud.error { try $0.replaceNetworkAclAssociation(associationId: old.id, networkAclId: acl) }?.code == "InvalidAssociationID.NotFound")
        // Back to the default ACL, and onto the same ACL again: still one association per subnet.
        let defaultAcl = f.defaultAcl.id
        let back = try f.cloud.run { try $0.replaceNetworkAclAssociation(associationId: new.id, networkAclId: defaultAcl) }
        let again = try f.cloud.run { try $0.replaceNetworkAclAssociation(associationId: back.id, networkAclId: defaultAcl) }
        #expect(f.defaultAcl.associations.contains(again) && !f.defaultAcl.associations.contains(back))
        #expect(f.aclsBySubnet.values.allSatisfy { $0.count == 1 } && f.aclsBySubnet.count == 2)
    }

    @Test func anAssociationStaysInsideItsVpc() throws {
        var f = try Fixture()
        let other = try f.cloud.run { try $0.createVpc(cidrBlock: "172.16.0.0/16") }
        let foreign = try f.cloud.run { try $0.createNetworkAcl(vpcId: other.id) }
        let association = f.association(of: f.subnets[0]).id
        #expect(
            f.cloud.error { try $0.replaceNetworkAclAssociation(associationId: association, networkAclId: foreign.id) }?.code
                == "InvalidParameterValue")
        #expect(
            f.cloud.error { try $0.replaceNetworkAclAssociation(associationId: association, networkAclId: "acl-0123456789abcdef0") }?.code
                == "InvalidNetworkAclID.NotFound")
    }

    @Test func anAssociatedAclCannotBeDeletedUntilItsSubnetsMoveOrGo() throws {
        var f = try Fixture()
        let (acl, subnet, vpc) = (f.acl.id, f.subnets[0], f.vpc.id)
        let association = f.association(of: subnet).id
        try f.cloud.run { try $0.replaceNetworkAclAssociation(associationId: association, networkAclId: acl) }
        #expect(f.cloud.error { try $0.deleteNetworkAcl(acl) }?.code == "DependencyViolation")
        #expect(f.cloud.error { try $0.deleteVpc(vpc) }?.code == "DependencyViolation")
        try f.cloud.run { try $0.deleteSubnet(subnet.id) }
        #expect(f.currentAcl.associations.isEmpty)
        try f.cloud.run { try $0.deleteNetworkAcl(acl) }
        #expect(f.region.networkAcls[acl] == nil)
    }

    @Test(
        arguments: [
            ("default", ["false"], 1), ("association.subnet-id", ["SUBNET"], 1), ("entry.rule-number", ["32767"], 2),
            ("entry.protocol", ["tcp"], 1), ("entry.protocol", ["6"], 1), ("entry.port-range.from", ["22"], 1), ("entry.egress", ["true"], 2),
            ("entry.rule-action", ["allow"], 2), ("entry.cidr", ["192.168.0.0/16"], 1), ("entry.icmp.type", ["8"], 0),
        ] as [(String, [String], Int)])
    func describeFilters(name: String, values: [String], expected: Int) throws {
        var f = try Fixture()
        let (acl, subnet) = (f.acl.id, f.subnets[0])
        try f.cloud.run {
            try $0.createNetworkAclEntry(acl, NetworkAclEntryTests.request(100, protocol: "6", cidr: "192.168.0.0/16", ports: (22, 22)))
        }
        let association = f.association(of: subnet).id
        try f.cloud.run { try $0.replaceNetworkAclAssociation(associationId: association, networkAclId: acl) }
        let filter = Filter(name: name, values: values.map { $0 == "SUBNET" ? subnet.id : $0 })
        let query = DescribeQuery(filters: [filter, Filter(name: "vpc-id", values: [f.vpc.id])])
        #expect(try f.cloud.state.describe(NetworkAcl.self, in: TestCloud.scope, query: query, at: f.cloud.now).items.count == expected)
    }
}
