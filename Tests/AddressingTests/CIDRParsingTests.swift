import Addressing
import Foundation
import Testing

struct CIDRParsingTests {
    /// Valid text, its description (as written), its canonical form.
    @Test(arguments: [
        ("10.0.0.0/16", "10.0.0.0/16", "10.0.0.0/16"),
        ("0.0.0.0/0", "0.0.0.0/0", "0.0.0.0/0"),
        ("10.0.0.5/16", "10.0.0.5/16", "10.0.0.0/16"),
        ("192.168.1.1/32", "192.168.1.1/32", "192.168.1.1/32"),
        ("172.31.255.255/12", "172.31.255.255/12", "172.16.0.0/12"),
        ("255.255.255.255/0", "255.255.255.255/0", "0.0.0.0/0"),
    ])
    func parsesIPv4Blocks(text: String, description: String, canonical: String) throws {
        let block = try #require(IPv4CIDR(text))
        #expect(block.description == description)
        #expect(block.canonical.description == canonical)
        #expect(block.isCanonical == (text == canonical))
        #expect(block.canonical.isCanonical)
        #expect(block.network == block.canonical.address)
        #expect(IPv4CIDR(block.description) == block)
    }

    @Test(arguments: [
        "10.0.0.0/33", "256.0.0.0/8", "10.0.0/16", "", "10.0.0.0/", " 10.0.0.0/16", "10.0.0.0/16 ", "10.0.0.0",
        "10.0.0.0/016", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0//16", "10.0.0.0/16/8", "/16", "::/0", "10.0.0.0/1a",
        "010.0.0.0/8",
    ])
    func rejectsMalformedIPv4Blocks(text: String) {
        #expect(IPv4CIDR(text) == nil)
    }

    @Test(arguments: [
        ("::/0", "::/0", "::/0"),
        ("2001:db8::/56", "2001:db8::/56", "2001:db8::/56"),
        ("2001:db8:1234:1a00::/56", "2001:db8:1234:1a00::/56", "2001:db8:1234:1a00::/56"),
        ("2001:DB8::/32", "2001:db8::/32", "2001:db8::/32"),
        ("2001:db8:0:0:1::1/128", "2001:db8::1:0:0:1/128", "2001:db8::1:0:0:1/128"),
        ("2001:db8::1/64", "2001:db8::1/64", "2001:db8::/64"),
        ("2001:db8:1234:1aff::/56", "2001:db8:1234:1aff::/56", "2001:db8:1234:1a00::/56"),
    ])
    func parsesIPv6Blocks(text: String, description: String, canonical: String) throws {
        let block = try #require(IPv6CIDR(text))
        #expect(block.description == description)
        #expect(block.canonical.description == canonical)
        #expect(block.isCanonical == (description == canonical))
        #expect(IPv6CIDR(block.description) == block)
    }

    @Test(arguments: [
        "2001:db8::/129", "2001:db8::", "2001:db8::/", "10.0.0.0/8", "2001:db8:::/32", "2001:db8::/0128", "::/-0",
        "2001:db8::g/32", "fe80::1%eth0/64", "[2001:db8::]/32",
    ])
    func rejectsMalformedIPv6Blocks(text: String) {
        #expect(IPv6CIDR(text) == nil)
    }

    @Test func equalityIsOnWhatWasWritten() {
        #expect(IPv4CIDR("10.0.0.5/16") != IPv4CIDR("10.0.0.0/16"))
        #expect(IPv4CIDR("10.0.0.5/16")?.canonical == IPv4CIDR("10.0.0.0/16"))
        #expect(IPv6CIDR("2001:DB8::/32") == IPv6CIDR("2001:db8::/32"))
    }

    @Test func buildsFromParts() {
        #expect(IPv4CIDR(address: IPv4Address(10, 0, 0, 0), prefixLength: 8)?.description == "10.0.0.0/8")
        #expect(IPv4CIDR(address: IPv4Address(10, 0, 0, 0), prefixLength: 33) == nil)
        #expect(IPv4CIDR(address: IPv4Address(10, 0, 0, 0), prefixLength: -1) == nil)
        #expect(IPv6CIDR(address: IPv6Address(high: 0, low: 0), prefixLength: 129) == nil)
        #expect(IPv4CIDR("10.0.0.0/20")?.netmask.description == "255.255.240.0")
    }

    @Test(arguments: [("10.0.0.0/16", true), ("2001:db8::/56", false), ("::ffff:10.0.0.0/104", false)])
    func parsesEitherFamily(text: String, isIPv4: Bool) throws {
        let block = try #require(IPCIDR(text))
        #expect(block.description == text)
        if case .v4 = block {
            #expect(isIPv4)
        } else {
            #expect(!isIPv4)
        }
        #expect(IPCIDR("10.0.0.0/33") == nil)
        #expect(IPCIDR("nonsense") == nil)
    }

    @Test func eitherFamilyOverlapsOnlyItsOwn() throws {
        let v4 = try #require(IPCIDR("0.0.0.0/0"))
        let v6 = try #require(IPCIDR("::/0"))
        #expect(v4.overlaps(v4))
        #expect(!v4.overlaps(v6))
        #expect(IPCIDR("10.0.0.9/8")?.canonical == IPCIDR("10.0.0.0/8"))
        #expect(v6.prefixLength == 0)
    }

    @Test func codesAsText() throws {
        struct Record: Codable, Equatable {
            var vpc: IPv4CIDR
            var ipv6: IPv6CIDR
            var either: IPCIDR
            var router: IPv4Address
            var dns: IPv6Address
        }
        let record = Record(
            vpc: try #require(IPv4CIDR("10.0.0.5/16")),
            ipv6: try #require(IPv6CIDR("2001:db8::/56")),
            either: try #require(IPCIDR("192.168.0.0/24")),
            router: IPv4Address(10, 0, 0, 1),
            dns: try #require(IPv6Address("fd00:ec2::253"))
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(record), as: UTF8.self)
        #expect(
            json == #"{"dns":"fd00:ec2::253","either":"192.168.0.0/24","ipv6":"2001:db8::/56","router":"10.0.0.1","vpc":"10.0.0.5/16"}"#
        )
        #expect(try JSONDecoder().decode(Record.self, from: Data(json.utf8)) == record)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([IPv4CIDR].self, from: Data(#"["10.0.0.0/33"]"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([IPv6Address].self, from: Data(#"["1:::2"]"#.utf8)) }
    }
}
