import PeeringSetup
import Testing

/// `--allow` parsing and which security-group rules are already there.
struct RulePlanningTests {
    @Test(
        arguments: [
            ("icmp", "icmp", -1, -1),
            ("tcp:22", "tcp", 22, 22),
            ("TCP:8000-8080", "tcp", 8000, 8080),
            ("udp:53", "udp", 53, 53),
            ("all", "-1", nil, nil),
        ] as [(String, String, Int?, Int?)])
    func parsesOneItem(text: String, ipProtocol: String, fromPort: Int?, toPort: Int?) throws {
        let traffic = try AllowedTraffic(parsing: text)
        #expect(traffic == AllowedTraffic(ipProtocol: ipProtocol, fromPort: fromPort, toPort: toPort))
        #expect(try AllowedTraffic(parsing: traffic.description) == traffic)
    }

    @Test(arguments: ["tcp", "tcp:", "tcp:x", "tcp:70000", "tcp:90-80", "icmp:8", "gre", "all:1", ""])
    func refusesMalformedItems(text: String) {
        #expect(throws: PeeringSetupError.invalidAllow(text)) { try AllowedTraffic(parsing: text) }
    }

    @Test func parsesAListAndDropsRepeats() throws {
        #expect(try AllowedTraffic.parseList("icmp, tcp:22,icmp,,udp:53").map(\.description) == ["icmp", "tcp:22", "udp:53"])
    }

    @Test func permissionParameters() throws {
        #expect(
            try AllowedTraffic(parsing: "icmp").permissionParameters(cidr: "10.1.0.0/16", description: "d").map { "\($0.0)=\($0.1)" } == [
                "IpPermissions.1.IpProtocol=icmp", "IpPermissions.1.FromPort=-1", "IpPermissions.1.ToPort=-1",
                "IpPermissions.1.IpRanges.1.CidrIp=10.1.0.0/16", "IpPermissions.1.IpRanges.1.Description=d",
            ])
        #expect(
            try AllowedTraffic(parsing: "all").permissionParameters(cidr: "c", description: "d").map(\.0).contains("IpPermissions.1.FromPort")
                == false)
    }

    /// (existing permission, traffic asked for) → already there?
    @Test(arguments: [
        (IpPermission(ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIps: ["10.1.0.0/16"]), "tcp:22", true),
        (IpPermission(ipProtocol: "6", fromPort: 22, toPort: 22, cidrIps: ["10.1.0.0/16"]), "tcp:22", true),
        (IpPermission(ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIps: ["10.9.0.0/16"]), "tcp:22", false),
        (IpPermission(ipProtocol: "tcp", fromPort: 0, toPort: 65535, cidrIps: ["10.1.0.0/16"]), "tcp:22", false),
        (IpPermission(ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIps: ["0.0.0.0/0"]), "tcp:22", false),
        (IpPermission(ipProtocol: "udp", fromPort: 22, toPort: 22, cidrIps: ["10.1.0.0/16"]), "tcp:22", false),
        (IpPermission(ipProtocol: "icmp", fromPort: -1, toPort: -1, cidrIps: ["10.1.0.0/16"]), "icmp", true),
        (IpPermission(ipProtocol: "icmp", fromPort: 8, toPort: -1, cidrIps: ["10.1.0.0/16"]), "icmp", false),
        (IpPermission(ipProtocol: "-1", cidrIps: ["10.1.0.0/16"]), "all", true),
        (IpPermission(ipProtocol: "-1", cidrIps: ["10.1.0.0/16"]), "tcp:22", false),
    ])
    func ruleAlreadyThere(permission: IpPermission, traffic: String, present: Bool) throws {
        let group = SecurityGroup(groupId: "sg-1", groupName: "default", vpcId: "vpc-a", ingress: [permission])
        let changes = RuleChange.changes(group: group, traffic: [try AllowedTraffic(parsing: traffic)], peerCidrBlocks: ["10.1.0.0/16"])
        #expect(changes.map(\.kind) == [present ? .alreadyThere : .add])
    }

    @Test func oneChangePerTrafficAndBlock() throws {
        let group = SecurityGroup(groupId: "sg-1", groupName: "default", vpcId: "vpc-a")
        let changes = RuleChange.changes(
            group: group, traffic: try AllowedTraffic.parseList("icmp,tcp:22"), peerCidrBlocks: ["10.1.0.0/16", "10.2.0.0/16"])
        #expect(changes.map { "\($0.traffic) \($0.cidr)" } == ["icmp 10.1.0.0/16", "icmp 10.2.0.0/16", "tcp:22 10.1.0.0/16", "tcp:22 10.2.0.0/16"])
    }
}
