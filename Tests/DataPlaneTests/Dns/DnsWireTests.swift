import Addressing
import CloudModel
import Testing

@testable import DataPlane

/// The Amazon DNS server's wire: queries read with every length checked, malformed packets refused without a crash,
/// and responses as resolvers expect them (id, flags, question, answers with TTL 60).
struct DnsWireTests {
    /// A query for `name` of `type`, id 0x1234, RD set.
    static func query(_ name: String, type: UInt16 = 1, recordClass: UInt16 = 1, opcode: UInt8 = 0, questions: UInt16 = 1) -> [UInt8] {
        var bytes: [UInt8] = [0x12, 0x34, (opcode << 3) | 0x01, 0x00, UInt8(questions >> 8), UInt8(questions & 0xff), 0, 0, 0, 0, 0, 0]
        DnsResponse.appendName(name, to: &bytes)
        bytes += [UInt8(type >> 8), UInt8(type & 0xff), UInt8(recordClass >> 8), UInt8(recordClass & 0xff)]
        return bytes
    }

    @Test func aQueryIsRead() throws {
        let query = try DnsQuery.parse(Self.query("ip-10-0-1-5.ec2.internal", type: 28))
        #expect(query.id == 0x1234)
        #expect(query.recursionDesired)
        #expect(query.opcode == 0)
        #expect(query.question == DnsQuestion(name: "ip-10-0-1-5.ec2.internal", type: 28, recordClass: 1))
    }

    @Test func compressedNamesAreFollowedBackwards() throws {
        // "ec2.internal" at 12, then "ip-1" + a pointer to it: the second name reads whole, and the offset moves past the pointer.
        var bytes = [UInt8](repeating: 0, count: 12)
        DnsResponse.appendName("ec2.internal", to: &bytes)
        let second = bytes.count
        bytes += [4] + Array("ip-1".utf8) + [0xc0, 12, 0xff]
        var offset = second
        #expect(try DnsQuery.readName(bytes, at: &offset) == "ip-1.ec2.internal")
        #expect(offset == bytes.count - 1)
    }

    static let malformed: [(String, [UInt8])] = [
        ("empty", []),
        ("a header cut short", [0x12, 0x34, 0x01, 0, 0, 1, 0, 0, 0, 0, 0]),
        ("no question", Array(query("a.b").prefix(4)) + [0, 0] + Array(query("a.b").dropFirst(6))),
        ("two questions", query("a.b", questions: 2)),
        ("a label past the end", Array(query("ip-10-0-1-5.ec2.internal").prefix(20))),
        ("no type or class", Array(query("a.b").dropLast(4))),
        ("a pointer to itself", [0x12, 0x34, 0x01, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1]),
        ("a pointer forwards", [0x12, 0x34, 0x01, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 20, 0, 1, 0, 1, 0, 0, 0]),
        ("a pointer cut short", [0x12, 0x34, 0x01, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0]),
        ("a reserved label type", [0x12, 0x34, 0x01, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x41, 0, 0, 1, 0, 1]),
        ("a name over 255 bytes", query(Array(repeating: String(repeating: "a", count: 63), count: 5).joined(separator: "."))),
        ("a dot inside a label", [0x12, 0x34, 0x01, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3, 0x61, 0x2e, 0x62, 0, 0, 1, 0, 1]),
    ]

    @Test(arguments: malformed)
    func malformedQueriesAreRefusedWithoutACrash(_ what: String, _ bytes: [UInt8]) {
        #expect(throws: DnsWireError.self, "\(what)") { try DnsQuery.parse(bytes) }
        let reply = AmazonDnsServer.reply(to: bytes, from: .vpc("vpc-a")) { DnsDirectory(vpcs: [], interfaces: [], peerings: []) }
        if bytes.count < 12 {
            #expect(reply == nil, "no header, no id to answer")
        } else {
            #expect(reply.map { Array($0.prefix(4)) } == [0x12, 0x34, 0x81, 0x81], "FORMERR with the query's id")
        }
    }

    @Test func aResponseIsNeverAnswered() {
        var bytes = Self.query("a.b")
        bytes[2] |= 0x80
        #expect(AmazonDnsServer.reply(to: bytes, from: .internet) { DnsDirectory(vpcs: [], interfaces: [], peerings: []) } == nil)
    }

    static let directory = DnsDirectory(
        vpcs: [
            .init(id: "vpc-a", region: "us-east-1", enableDnsSupport: true, enableDnsHostnames: true),
            .init(id: "vpc-off", region: "us-east-1", enableDnsSupport: false, enableDnsHostnames: false),
        ],
        interfaces: [
            .init(
                networkInterfaceId: "eni-a", primaryOfInstanceId: "i-0a", subnetId: "subnet-a", vpcId: "vpc-a", region: "us-east-1",
                privateIpAddresses: [IPv4Address("10.0.1.5")!], ipv6Addresses: [], publicIpAddresses: [:], nameOptions: PrivateDnsNameOptions())
        ],
        peerings: [])

    @Test func anAnswerCarriesTheQuestionAndTtl60() throws {
        let reply = try #require(AmazonDnsServer.reply(to: Self.query("ip-10-0-1-5.ec2.internal"), from: .vpc("vpc-a")) { Self.directory })
        let question = Self.query("ip-10-0-1-5.ec2.internal").dropFirst(12)
        #expect(Array(reply.prefix(12)) == [0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0], "QR RD RA, NOERROR, one question, one answer")
        #expect(Array(reply[12..<(12 + question.count)]) == Array(question))
        #expect(Array(reply.suffix(16)) == [0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 0, 1, 5])
    }

    @Test func aPtrAnswerIsAName() throws {
        let reply = try #require(AmazonDnsServer.reply(to: Self.query("5.1.0.10.in-addr.arpa", type: 12), from: .vpc("vpc-a")) { Self.directory })
        var name: [UInt8] = []
        DnsResponse.appendName("ip-10-0-1-5.ec2.internal", to: &name)
        #expect(Array(reply.suffix(name.count + 12)) == [0xc0, 12, 0, 12, 0, 1, 0, 0, 0, 60, 0, UInt8(name.count)] + name)
    }

    @Test(arguments: [
        ("ip-10-0-1-99.ec2.internal", UInt16(1), UInt16(1), UInt8(0), UInt8(3)),
        ("example.com", 1, 1, 0, 5),
        ("ip-10-0-1-5.ec2.internal", 1, 3, 0, 5),
        ("ip-10-0-1-5.ec2.internal", 1, 1, 2, 4),
        ("ip-10-0-1-5.ec2.internal", 15, 1, 0, 0),
    ])
    func responseCodes(name: String, type: UInt16, recordClass: UInt16, opcode: UInt8, code: UInt8) throws {
        let bytes = Self.query(name, type: type, recordClass: recordClass, opcode: opcode)
        let reply = try #require(AmazonDnsServer.reply(to: bytes, from: .vpc("vpc-a")) { Self.directory })
        #expect(reply[3] & 0x0f == code)
        #expect(reply[6] == 0 && reply[7] == 0, "no answers")
    }

    @Test func aVpcWithDnsSupportOffGetsNoReply() {
        #expect(AmazonDnsServer.reply(to: Self.query("ip-10-0-1-5.ec2.internal"), from: .vpc("vpc-off")) { Self.directory } == nil)
    }
}
