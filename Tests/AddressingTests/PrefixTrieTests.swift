import Addressing
import Testing

struct PrefixTrieTests {
    static let routes = [
        ("0.0.0.0/0", "igw"),
        ("10.0.0.0/16", "local"),
        ("10.0.1.0/24", "pcx"),
        ("10.0.1.128/25", "nat"),
        ("10.0.1.200/32", "eni"),
        ("192.168.0.0/16", "peer"),
    ]

    static func table(_ routes: [(String, String)]) throws -> IPv4PrefixTrie<String> {
        try IPv4PrefixTrie(routes.map { (try #require(IPv4CIDR($0.0)), $0.1) })
    }

    @Test(arguments: [
        ("10.0.1.200", "10.0.1.200/32", "eni"),
        ("10.0.1.201", "10.0.1.128/25", "nat"),
        ("10.0.1.5", "10.0.1.0/24", "pcx"),
        ("10.0.2.1", "10.0.0.0/16", "local"),
        ("10.0.255.255", "10.0.0.0/16", "local"),
        ("8.8.8.8", "0.0.0.0/0", "igw"),
        ("192.168.255.255", "192.168.0.0/16", "peer"),
        ("255.255.255.255", "0.0.0.0/0", "igw"),
    ])
    func picksTheLongestIPv4Prefix(address: String, cidr: String, target: String) throws {
        let table = try Self.table(Self.routes)
        let match = table.longestMatch(for: try #require(IPv4Address(address)))
        #expect(match?.cidr.description == cidr)
        #expect(match?.value == target)
    }

    @Test func findsNothingWithoutADefaultRoute() throws {
        let table = try Self.table(Array(Self.routes.dropFirst()))
        #expect(table.longestMatch(for: IPv4Address(8, 8, 8, 8)) == nil)
        #expect(IPv4PrefixTrie<Int>().longestMatch(for: IPv4Address(10, 0, 0, 1)) == nil)
    }

    @Test(arguments: [
        ("2001:db8:0:1::1", "2001:db8:0:1::1/128", "eni"),
        ("2001:db8:0:1::2", "2001:db8:0:1::/64", "subnet"),
        ("2001:db8:0:ff::1", "2001:db8::/56", "local"),
        ("2001:db8:0:100::", "::/0", "egress-only-igw"),
        ("::1", "::/0", "egress-only-igw"),
    ])
    func picksTheLongestIPv6Prefix(address: String, cidr: String, target: String) throws {
        let routes = [("::/0", "egress-only-igw"), ("2001:db8::/56", "local"), ("2001:db8:0:1::/64", "subnet"), ("2001:db8:0:1::1/128", "eni")]
        let table = try IPv6PrefixTrie(routes.map { (try #require(IPv6CIDR($0.0)), $0.1) })
        let match = table.longestMatch(for: try #require(IPv6Address(address)))
        #expect(match?.cidr.description == cidr)
        #expect(match?.value == target)
    }

    @Test func replacesAnExactPrefixAndCanonicalizesKeys() throws {
        var table = IPv4PrefixTrie<String>()
        let written = try #require(IPv4CIDR("10.0.0.5/16"))
        #expect(table.insert(written, value: "first") == nil)
        #expect(table.insert(try #require(IPv4CIDR("10.0.0.0/16")), value: "second") == "first")
        #expect(table.count == 1)
        #expect(table.exactMatch(written) == "second")
        #expect(table.longestMatch(for: IPv4Address(10, 0, 9, 9))?.cidr.description == "10.0.0.0/16")
    }

    @Test func matchesExactPrefixesOnly() throws {
        let table = try Self.table(Self.routes)
        #expect(table.exactMatch(try #require(IPv4CIDR("10.0.1.0/24"))) == "pcx")
        #expect(table.exactMatch(try #require(IPv4CIDR("10.0.1.0/23"))) == nil)
        #expect(table.exactMatch(try #require(IPv4CIDR("10.0.1.0/26"))) == nil)
        #expect(table.exactMatch(try #require(IPv4CIDR("0.0.0.0/0"))) == "igw")
        #expect(table.exactMatch(try #require(IPv4CIDR("11.0.0.0/8"))) == nil)
    }

    @Test func removesPrefixesAndFallsBackToShorterOnes() throws {
        var table = try Self.table(Self.routes)
        #expect(table.remove(try #require(IPv4CIDR("10.0.1.0/24"))) == "pcx")
        #expect(table.remove(try #require(IPv4CIDR("10.0.1.0/24"))) == nil)
        #expect(table.remove(try #require(IPv4CIDR("10.0.1.0/23"))) == nil)
        #expect(table.count == Self.routes.count - 1)
        #expect(table.longestMatch(for: IPv4Address(10, 0, 1, 5))?.value == "local")
        #expect(table.longestMatch(for: IPv4Address(10, 0, 1, 200))?.value == "eni")

        for (cidr, _) in Self.routes {
            table.remove(try #require(IPv4CIDR(cidr)))
        }
        #expect(table.isEmpty)
        #expect(Array(table).isEmpty)
        table.insert(try #require(IPv4CIDR("10.0.1.0/24")), value: "again")
        #expect(table.longestMatch(for: IPv4Address(10, 0, 1, 5))?.value == "again")
        #expect(table.count == 1)
    }

    @Test func iteratesInAddressOrder() throws {
        let table = try Self.table(Self.routes.reversed())
        #expect(table.map(\.cidr.description) == Self.routes.map(\.0))
        #expect(table.map(\.value) == Self.routes.map(\.1))
    }

    @Test func comparesByContentNotConstructionOrder() throws {
        let forward = try Self.table(Self.routes)
        var backward = try Self.table(Self.routes.reversed())
        #expect(forward == backward)
        backward.insert(try #require(IPv4CIDR("10.0.0.0/16")), value: "changed")
        #expect(forward != backward)
    }
}
