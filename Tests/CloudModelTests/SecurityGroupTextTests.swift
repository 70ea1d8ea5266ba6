import CloudModel
import TestSupport
import Testing

/// What AWS allows in a security group's name, description and rule descriptions, and the other refusals of
/// CreateSecurityGroup and Authorize that keep to the API reference.
struct SecurityGroupTextTests {
    private static func authorize(_ cloud: inout TestCloud, _ groupId: String, _ permission: IpPermission) -> String? {
        cloud.error { try $0.authorizeSecurityGroup(.ingress, groupId: groupId, groupName: nil, permissions: [permission]) }?.code
    }

    @Test(arguments: [
        ("x", true), (String(repeating: "y", count: 255), true), ("Web (HTTPS) from 10/8: ok! #1 [a+b=c] {x}; $y*, @z & more_-.", true),
        (String(repeating: "y", count: 256), false), ("it's", false), ("a<b>", false), ("tab\there", false), ("naïve", false),
    ])
    func ruleDescriptions(description: String, allowed: Bool) throws {
        var cloud = TestCloud()
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        let group = try cloud.run { try $0.createSecurityGroup(name: "web", description: "web", vpcId: vpc.id) }
        let permission = IpPermission(ipProtocol: "tcp", fromPort: 80, toPort: 80, ipv4Ranges: [("10.0.0.0/8", description)])
        #expect(Self.authorize(&cloud, group.id, permission) == (allowed ? nil : "InvalidParameterValue"))
        let stored = cloud.state[TestCloud.scope].securityGroups[group.id]!.ingress
        #expect(stored.map(\.description) == (allowed ? [description] : []))
    }

    @Test(arguments: [(-1, -1, true), (8, -1, true), (8, 0, true), (-1, 8, false), (-1, 0, false)])
    func allIcmpTypesTakeAllCodes(type: Int, code: Int, allowed: Bool) throws {
        var cloud = TestCloud()
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        let group = try cloud.run { try $0.createSecurityGroup(name: "web", description: "web", vpcId: vpc.id) }
        for ipProtocol in ["icmp", "icmpv6"] {
            let permission = IpPermission(
                ipProtocol: ipProtocol, fromPort: type, toPort: code, ipv4Ranges: ipProtocol == "icmp" ? [("10.0.0.0/8", nil)] : [],
                ipv6Ranges: ipProtocol == "icmpv6" ? [("::/0", nil)] : [])
            #expect(Self.authorize(&cloud, group.id, permission) == (allowed ? nil : "InvalidParameterValue"))
        }
        #expect(cloud.state[TestCloud.scope].securityGroups[group.id]!.ingress.count == (allowed ? 2 : 0))
    }

    @Test func groupNamesAreUniqueWhateverTheirCaseAndKeepToAWSsCharacters() throws {
        var cloud = TestCloud()
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        _ = try cloud.run { try $0.createSecurityGroup(name: "web", description: "web", vpcId: vpc.id) }
        func refusal(_ name: String, _ description: String = "d") -> EC2Error? {
            cloud.error { try $0.createSecurityGroup(name: name, description: description, vpcId: vpc.id) }
        }
        #expect(refusal("WEB")?.code == "InvalidGroup.Duplicate")
        #expect(refusal("Default")?.code == "InvalidGroup.Duplicate")
        let beyondASCII = "is invalid. Character sets beyond ASCII are not supported."
        #expect(refusal("g<>")?.message == "Value (g<>) for parameter GroupName \(beyondASCII)")
        #expect(refusal("g", "naïve")?.message == "Value (naïve) for parameter GroupDescription \(beyondASCII)")
        #expect(refusal("SG-web")?.message == "Value (SG-web) for parameter GroupName is invalid. Group names may not be in the format sg-*.")
        #expect(cloud.state[TestCloud.scope].all(SecurityGroup.self, inVpc: vpc.id).map(\.groupName).sorted() == ["default", "web"])
        #expect(refusal("Web tier: (A) #1", "Allows [80,443] & more!") == nil)
    }

    @Test func aVpcIsDefaultOrDedicatedNeverHost() throws {
        var cloud = TestCloud()
        #expect(try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16", instanceTenancy: "dedicated") }.instanceTenancy == "dedicated")
        let before = cloud.state[TestCloud.scope].vpcs.count
        #expect(cloud.error { try $0.createVpc(cidrBlock: "10.1.0.0/16", instanceTenancy: "host") }?.code == "InvalidParameterValue")
        #expect(cloud.state[TestCloud.scope].vpcs.count == before)
    }
}
