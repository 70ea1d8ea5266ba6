import Addressing
import CloudModel
import TestSupport
import Testing

/// The rules of one network ACL entry, as tables: rule numbers, protocols, ports, ICMP, blocks.
struct NetworkAclEntryTests {
    static func request(
        _ ruleNumber: Int = 100,
        protocol ipProtocol: String = "-1",
        action: String = "allow",
        cidr: String? = "10.0.0.0/16",
        ipv6: String? = nil,
        ports: (Int?, Int?) = (nil, nil),
        icmp: (Int?, Int?) = (nil, nil)
    ) -> NetworkAclEntryRequest {
        NetworkAclEntryRequest(
            ruleNumber: ruleNumber, egress: false, ipProtocol: ipProtocol, ruleAction: action, cidrBlock: cidr, ipv6CidrBlock: ipv6,
            fromPort: ports.0, toPort: ports.1, icmpType: icmp.0, icmpCode: icmp.1)
    }

    static func code(_ request: NetworkAclEntryRequest) -> String? {
        do {
            _ = try NetworkAclEntry(validating: request)
            return nil
        } catch {
            return error.code
        }
    }

    @Test(
        arguments: [
            (0, "InvalidParameterValue"), (1, nil), (100, nil), (32766, nil), (32767, "InvalidParameterValue"), (32768, "InvalidParameterValue"),
            (-5, "InvalidParameterValue"), (65535, "InvalidParameterValue"),
        ] as [(Int, String?)])
    func ruleNumbersAreOneTo32766(ruleNumber: Int, expectedCode: String?) {
        #expect(Self.code(Self.request(ruleNumber)) == expectedCode)
    }

    /// The API takes `-1` and numbers only; the AWS CLI is what turns `tcp` into `6`.
    @Test(
        arguments: [
            ("-1", "-1"), ("6", "6"), ("17", "17"), ("1", "1"), ("58", "58"), ("47", "47"), ("0", "0"), ("255", "255"), ("06", "6"),
            ("256", nil), ("tcp", nil), ("udp", nil), ("icmp", nil), ("all", nil), ("-2", nil), ("", nil),
        ] as [(String, String?)])
    func protocolsAreNumbers(given: String, stored: String?) throws {
        let ports: (Int?, Int?) = ["6", "06", "17"].contains(given) ? (80, 80) : (nil, nil)
        let icmp: (Int?, Int?) = given == "1" ? (-1, -1) : (nil, nil)
        let request = Self.request(protocol: given, ports: ports, icmp: icmp)
        if let stored {
            #expect(try NetworkAclEntry(validating: request).ipProtocol == stored)
        } else {
            #expect(Self.code(request) == "InvalidParameterValue")
        }
    }

    @Test(
        arguments: [
            ("6", (nil, nil), "InvalidParameterValue"), ("6", (22, nil), "InvalidParameterValue"), ("6", (22, 22), nil), ("17", (53, 53), nil),
            ("6", (0, 65535), nil), ("6", (1024, 80), "InvalidParameterValue"), ("6", (-1, 80), "InvalidParameterValue"),
            ("6", (1, 65536), "InvalidParameterValue"), ("-1", (nil, nil), nil), ("47", (nil, nil), nil),
        ] as [(String, (Int?, Int?), String?)])
    func tcpAndUdpNeedAPortRange(ipProtocol: String, ports: (Int?, Int?), expectedCode: String?) {
        #expect(Self.code(Self.request(protocol: ipProtocol, ports: ports)) == expectedCode)
    }

    @Test(
        arguments: [
            ("1", "10.0.0.0/16", (nil, nil), "InvalidParameterValue"), ("1", "10.0.0.0/16", (8, -1), nil), ("1", "10.0.0.0/16", (-1, -1), nil),
            ("1", "10.0.0.0/16", (256, 0), "InvalidParameterValue"), ("58", "::/0", (nil, nil), "InvalidParameterValue"),
            ("58", "::/0", (128, 0), nil),
            ("58", "10.0.0.0/16", (nil, nil), nil),
        ] as [(String, String, (Int?, Int?), String?)])
    func icmpNeedsATypeAndCode(ipProtocol: String, block: String, icmp: (Int?, Int?), expectedCode: String?) {
        let v6 = block.contains(":")
        #expect(Self.code(Self.request(protocol: ipProtocol, cidr: v6 ? nil : block, ipv6: v6 ? block : nil, icmp: icmp)) == expectedCode)
    }

    @Test func whatAProtocolDoesNotUseIsDropped() throws {
        let all = try NetworkAclEntry(validating: Self.request(protocol: "-1", ports: (22, 22), icmp: (8, 0)))
        #expect(all.portRange == nil && all.icmpType == nil && all.icmpCode == nil)
        let tcp = try NetworkAclEntry(validating: Self.request(protocol: "6", ports: (22, 23), icmp: (8, 0)))
        #expect(tcp.portRange == 22...23 && tcp.icmpType == nil)
        let icmpv6OnIPv4 = try NetworkAclEntry(validating: Self.request(protocol: "58", icmp: (128, 0)))
        #expect(icmpv6OnIPv4.icmpType == nil)
        let icmp = try NetworkAclEntry(validating: Self.request(protocol: "1", ports: (1, 2), icmp: (8, 0)))
        #expect(icmp.portRange == nil && icmp.icmpType == 8 && icmp.icmpCode == 0)
    }

    @Test(
        arguments: [
            ("10.0.0.0/16", nil, "10.0.0.0/16", nil), ("10.0.0.18/16", nil, "10.0.0.0/16", nil), (nil, "2001:db8::1/64", "2001:db8::/64", nil),
            (nil, nil, nil, "MissingParameter"), ("10.0.0.0/16", "::/0", nil, "InvalidParameterCombination"),
            ("10.0.0.0/33", nil, nil, "InvalidParameterValue"), ("junk", nil, nil, "InvalidParameterValue"),
            (nil, "::/129", nil, "InvalidParameterValue"),
        ] as [(String?, String?, String?, String?)])
    func exactlyOneBlockIsStoredCanonically(cidr: String?, ipv6: String?, stored: String?, expectedCode: String?) throws {
        let request = Self.request(cidr: cidr, ipv6: ipv6)
        #expect(Self.code(request) == expectedCode)
        if let stored { #expect(try NetworkAclEntry(validating: request).cidrBlock.description == stored) }
    }

    @Test(
        arguments: [("allow", nil), ("deny", nil), ("ALLOW", nil), ("permit", "InvalidParameterValue"), ("", "InvalidParameterValue")]
            as [(String, String?)])
    func actionsAreAllowOrDeny(action: String, expectedCode: String?) {
        #expect(Self.code(Self.request(action: action)) == expectedCode)
    }

    /// Whatever order entries are written in, each direction is evaluated lowest number first, `*` last.
    @Test(arguments: [[300, 100, 200], [32766, 1, 150], [5, 4, 3, 2, 1]])
    func entriesAreEvaluatedByRuleNumber(numbers: [Int]) throws {
        var cloud = TestCloud()
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16", amazonProvidedIpv6CidrBlock: true) }
        let acl = try cloud.run { try $0.createNetworkAcl(vpcId: vpc.id) }
        for number in numbers {
            try cloud.run { try $0.createNetworkAclEntry(acl.id, Self.request(number)) }
        }
        let stored = cloud.state[TestCloud.scope].networkAcls[acl.id]!
        #expect(stored.entries(egress: false).map(\.ruleNumber) == numbers.sorted() + [32767, 32768])
        #expect(stored.entries(egress: true).map(\.ruleNumber) == [32767, 32768])
        #expect(stored.orderedEntries.map(\.egress) == [true, true] + Array(repeating: false, count: numbers.count + 2))
    }
}
