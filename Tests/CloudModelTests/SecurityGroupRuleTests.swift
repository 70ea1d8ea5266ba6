import Addressing
import CloudModel
import Foundation
import TestSupport
import Testing

/// Security group rules by id: DescribeSecurityGroupRules, ModifySecurityGroupRules and the description updates.
struct SecurityGroupRuleTests {
    /// A VPC with a group `web` that allows SSH from one address and HTTPS from `lb`.
    struct Fixture {
        var cloud = TestCloud()
        let vpc: Vpc
        let web: SecurityGroup
        let lb: SecurityGroup
        let ssh: SecurityGroupRule
        let https: SecurityGroupRule

        init() throws {
            vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
            let vpcId = vpc.id
            web = try cloud.run { try $0.createSecurityGroup(name: "web", description: "web", vpcId: vpcId) }
            lb = try cloud.run { try $0.createSecurityGroup(name: "lb", description: "lb", vpcId: vpcId) }
            let (webId, lbId) = (web.id, lb.id)
            let tags = [TagSpecification(resourceType: "security-group-rule", tags: [Tag(key: "purpose", value: "admin")])]
            ssh = try cloud.run {
                try $0.authorizeSecurityGroup(
                    .ingress, groupId: webId, groupName: nil,
                    permissions: [IpPermission(ipProtocol: "tcp", fromPort: 22, toPort: 22, ipv4Ranges: [("203.0.113.7/32", "admin")])],
                    tagSpecifications: tags)
            }.1[0]
            https = try cloud.run {
                try $0.authorizeSecurityGroup(
                    .ingress, groupId: webId, groupName: nil,
                    permissions: [IpPermission(ipProtocol: "tcp", fromPort: 443, toPort: 443, groups: [.init(groupId: lbId)])])
            }.1[0]
        }

        var currentWeb: SecurityGroup { cloud.state[TestCloud.scope].securityGroups[web.id]! }

        func rules(ids: [String] = [], _ filters: [Filter] = []) throws -> [DescribedSecurityGroupRule] {
            try cloud.state.describeSecurityGroupRules(in: TestCloud.scope, query: DescribeQuery(ids: ids, filters: filters)).items
        }
    }

    @Test func rulesAreTaggedByTheirIds() throws {
        var f = try Fixture()
        let (ssh, https) = (f.ssh.ruleId, f.https.ruleId)
        try f.cloud.run { try $0.createTags(resourceIds: [https], tags: [Tag(key: "Name", value: "from-lb")]) }
        try f.cloud.run { try $0.deleteTags(resourceIds: [ssh], tags: [(key: "purpose", value: nil)]) }
        #expect(f.currentWeb.ingress.map(\.tags) == [[:], ["Name": "from-lb"]])
        let listed = try f.cloud.state.describeTags(
            in: TestCloud.scope, query: DescribeQuery(filters: [Filter(name: "resource-type", values: ["security-group-rule"])]), at: f.cloud.now)
        #expect(listed.items.map(\.resourceId) == [https])
    }

    @Test func authorizeTagsTheNewRulesOnly() throws {
        let f = try Fixture()
        #expect(f.ssh.tags["purpose"] == "admin" && f.https.tags.isEmpty)
        #expect(f.ssh.ruleId.hasPrefix("sgr-") && f.ssh.description == "admin")
    }

    @Test func describeListsEveryRuleWithItsGroupAndDirection() throws {
        let f = try Fixture()
        let all = try f.rules([Filter(name: "group-id", values: [f.web.id])])
        #expect(Set(all.map(\.rule.ruleId)) == Set([f.ssh.ruleId, f.https.ruleId] + f.web.egress.map(\.ruleId)))
        #expect(all.filter(\.isEgress).map(\.rule.peer) == [.ipv4(IPv4CIDR("0.0.0.0/0")!)])
        #expect(try f.rules(ids: [f.ssh.ruleId]).map(\.group.id) == [f.web.id])
        #expect(try f.rules([Filter(name: "security-group-rule-id", values: [f.https.ruleId])]).map(\.rule) == [f.https])
        #expect(try f.rules([Filter(name: "tag:purpose", values: ["admin"])]).map(\.rule.ruleId) == [f.ssh.ruleId])
        #expect(try f.rules([Filter(name: "tag-key", values: ["purpose"])]).count == 1)
        #expect(throws: EC2Error.invalidFilter("ip-protocol")) { try f.rules([Filter(name: "ip-protocol", values: ["tcp"])]) }
        #expect(throws: EC2Error.securityGroupRuleNotFound(["sgr-0123456789abcdef0"])) { try f.rules(ids: ["sgr-0123456789abcdef0"]) }
        #expect(throws: ResourceIdKind.securityGroupRule.malformed("sg-0123456789abcdef0")) { try f.rules(ids: ["sg-0123456789abcdef0"]) }
    }

    @Test func describePagesCoverEveryRuleOnce() throws {
        var f = try Fixture()
        let webId = f.web.id
        for port in 1000..<1012 {
            try f.cloud.run {
                try $0.authorizeSecurityGroup(
                    .ingress, groupId: webId, groupName: nil,
                    permissions: [IpPermission(ipProtocol: "udp", fromPort: port, toPort: port, ipv4Ranges: [("10.0.0.0/8", nil)])])
            }
        }
        let total = try f.rules().count
        var seen: [String] = []
        var token: String?
        repeat {
            let query = DescribeQuery(maxResults: 5, nextToken: token)
            let page = try f.cloud.state.describeSecurityGroupRules(in: TestCloud.scope, query: query)
            seen += page.items.map(\.rule.ruleId)
            token = page.nextToken
        } while token != nil
        #expect(seen.count == total && Set(seen).count == total)
        #expect(throws: EC2Error.self) { try f.cloud.state.describeSecurityGroupRules(in: TestCloud.scope, query: DescribeQuery(maxResults: 4)) }
    }

    @Test func modifyReplacesARuleInPlaceKeepingItsIdAndTags() throws {
        var f = try Fixture()
        let (webId, ssh) = (f.web.id, f.ssh.ruleId)
        let update = SecurityGroupRuleUpdate(
            ruleId: ssh,
            rule: SecurityGroupRuleRequest(ipProtocol: "tcp", fromPort: 2222, toPort: 2222, cidrIpv4: "198.51.100.0/24", description: "vpn"))
        try f.cloud.run { try $0.modifySecurityGroupRules(groupId: webId, updates: [update]) }
        let rule = f.currentWeb.ingress.first { $0.ruleId == ssh }!
        #expect(rule.fromPort == 2222 && rule.peer == .ipv4(IPv4CIDR("198.51.100.0/24")!) && rule.description == "vpn")
        #expect(rule.tags["purpose"] == "admin" && f.currentWeb.ingress.count == 2)
    }

    @Test(
        arguments: [
            (
                "sgr-0123456789abcdef0", SecurityGroupRuleRequest(ipProtocol: "tcp", fromPort: 1, toPort: 1, cidrIpv4: "10.0.0.0/8"),
                "InvalidSecurityGroupRuleId.NotFound"
            ),
            (
                "sgr-nope", SecurityGroupRuleRequest(ipProtocol: "tcp", fromPort: 1, toPort: 1, cidrIpv4: "10.0.0.0/8"),
                "InvalidSecurityGroupRuleId.Malformed"
            ),
            ("SSH", nil, "MissingParameter"),
            ("SSH", SecurityGroupRuleRequest(ipProtocol: "tcp", fromPort: 22, toPort: 22), "InvalidParameterValue"),
            (
                "SSH", SecurityGroupRuleRequest(ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "10.0.0.0/8", cidrIpv6: "::/0"),
                "InvalidParameterCombination"
            ),
            ("SSH", SecurityGroupRuleRequest(ipProtocol: "tcp", fromPort: 443, toPort: 443, referencedGroupId: "LB"), "InvalidPermission.Duplicate"),
            ("SSH", SecurityGroupRuleRequest(ipProtocol: "tcp", cidrIpv4: "10.0.0.0/8"), "InvalidParameterValue"),
            (
                "SSH", SecurityGroupRuleRequest(ipProtocol: "tcp", fromPort: 22, toPort: 22, referencedGroupId: "sg-0123456789abcdef0"),
                "InvalidGroup.NotFound"
            ),
            ("SSH", SecurityGroupRuleRequest(ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "203.0.113.7/32"), nil),
            ("HTTPS", SecurityGroupRuleRequest(ipProtocol: "-1", referencedGroupId: "LB"), nil),
            ("EGRESS", SecurityGroupRuleRequest(ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0"), nil),
        ] as [(String, SecurityGroupRuleRequest?, String?)])
    func modifyRefusesWhatAuthorizeRefuses(ruleId: String, request: SecurityGroupRuleRequest?, expectedCode: String?) throws {
        var f = try Fixture()
        let ids = ["SSH": f.ssh.ruleId, "HTTPS": f.https.ruleId, "EGRESS": f.web.egress[0].ruleId]
        var request = request
        if request?.referencedGroupId == "LB" { request?.referencedGroupId = f.lb.id }
        let update = SecurityGroupRuleUpdate(ruleId: ids[ruleId] ?? ruleId, rule: request)
        let webId = f.web.id
        #expect(f.cloud.error { try $0.modifySecurityGroupRules(groupId: webId, updates: [update]) }?.code == expectedCode)
    }

    @Test func modifyIsAllOrNone() throws {
        var f = try Fixture()
        let good = SecurityGroupRuleUpdate(
            ruleId: f.ssh.ruleId, rule: SecurityGroupRuleRequest(ipProtocol: "udp", fromPort: 53, toPort: 53, cidrIpv4: "10.0.0.0/8"))
        let bad = SecurityGroupRuleUpdate(ruleId: "sgr-0123456789abcdef0", rule: good.rule)
        let webId = f.web.id
        #expect(f.cloud.error { try $0.modifySecurityGroupRules(groupId: webId, updates: [good, bad]) } != nil)
        #expect(f.currentWeb.ingress.contains(f.ssh))
        // A rule of another group is not this group's rule.
        let lbId = f.lb.id
        #expect(f.cloud.error { try $0.modifySecurityGroupRules(groupId: lbId, updates: [good]) }?.code == "InvalidSecurityGroupRuleId.NotFound")
    }

    @Test func descriptionsChangeByIdOrByPermission() throws {
        var f = try Fixture()
        let (webId, ssh, lbId) = (f.web.id, f.ssh.ruleId, f.lb.id)
        try f.cloud.run {
            try $0.updateSecurityGroupRuleDescriptions(
                .ingress, groupId: webId, groupName: nil, permissions: [],
                descriptions: [SecurityGroupRuleDescription(ruleId: ssh, description: "bastion")])
        }
        #expect(f.currentWeb.ingress.first { $0.ruleId == ssh }?.description == "bastion")
        let byPermission = IpPermission(ipProtocol: "tcp", fromPort: 443, toPort: 443, groups: [.init(groupId: lbId, description: "from lb")])
        try f.cloud.run {
            try $0.updateSecurityGroupRuleDescriptions(.ingress, groupId: webId, groupName: nil, permissions: [byPermission], descriptions: [])
        }
        #expect(f.currentWeb.ingress.first { $0.ruleId == f.https.ruleId }?.description == "from lb")
        try f.cloud.run {
            try $0.updateSecurityGroupRuleDescriptions(
                .ingress, groupId: webId, groupName: nil, permissions: [], descriptions: [SecurityGroupRuleDescription(ruleId: ssh, description: nil)]
            )
        }
        #expect(f.currentWeb.ingress.first { $0.ruleId == ssh }?.description == nil)
    }

    @Test func descriptionUpdatesNeedAnExistingRuleInThatDirection() throws {
        var f = try Fixture()
        let (webId, ssh) = (f.web.id, f.ssh.ruleId)
        let missing = IpPermission(ipProtocol: "tcp", fromPort: 80, toPort: 80, ipv4Ranges: [("0.0.0.0/0", "web")])
        func code(_ direction: Transaction.RuleDirection, _ permissions: [IpPermission], _ ids: [String]) -> String? {
            f.cloud.error {
                try $0.updateSecurityGroupRuleDescriptions(
                    direction, groupId: webId, groupName: nil, permissions: permissions,
                    descriptions: ids.map { SecurityGroupRuleDescription(ruleId: $0, description: "x") })
            }?.code
        }
        #expect(code(.ingress, [missing], []) == "InvalidPermission.NotFound")
        #expect(code(.egress, [], [ssh]) == "InvalidSecurityGroupRuleId.NotFound")
        #expect(code(.ingress, [missing], [ssh]) == "InvalidParameterCombination")
        #expect(code(.ingress, [], []) == "MissingParameter")
    }

    @Test(
        arguments: [
            ("ip-permission.cidr", "203.0.113.7/32", ["web"]), ("ip-permission.from-port", "443", ["web"]), ("ip-permission.to-port", "22", ["web"]),
            ("ip-permission.protocol", "tcp", ["web"]), ("ip-permission.protocol", "6", ["web"]), ("ip-permission.protocol", "-1", ["default"]),
            ("ip-permission.group-id", "LB", ["web"]), ("ip-permission.group-name", "lb", ["web"]),
            ("ip-permission.user-id", "111111111111", ["default", "web"]),
            ("ip-permission.ipv6-cidr", "::/0", []), ("ip-permission.prefix-list-id", "pl-12345678", []),
            ("egress.ip-permission.cidr", "0.0.0.0/0", ["default", "lb", "web"]), ("egress.ip-permission.protocol", "-1", ["default", "lb", "web"]),
            ("egress.ip-permission.from-port", "22", []), ("group-name", "w*", ["web"]), ("description", "lb", ["lb"]),
        ] as [(String, String, [String])])
    func describeSecurityGroupsFilters(name: String, value: String, expected: [String]) throws {
        let f = try Fixture()
        let filters = [Filter(name: name, values: [value == "LB" ? f.lb.id : value]), Filter(name: "vpc-id", values: [f.vpc.id])]
        let groups = try f.cloud.state.describe(SecurityGroup.self, in: TestCloud.scope, query: DescribeQuery(filters: filters), at: f.cloud.now)
        #expect(groups.items.map(\.groupName).sorted() == expected)
    }

    @Test func rulesJournalledBeforeRuleTagsStillDecode() throws {
        let rule = SecurityGroupRule(
            ruleId: "sgr-0123456789abcdef0", ipProtocol: "tcp", fromPort: 22, toPort: 22, peer: .ipv4(IPv4CIDR("10.0.0.0/8")!))
        var object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(rule)) as! [String: Any]
        #expect(object.removeValue(forKey: "tags") != nil)
        let legacy = try JSONDecoder().decode(SecurityGroupRule.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(legacy == rule)
    }
}
