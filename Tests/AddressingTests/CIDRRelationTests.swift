import Addressing
import Testing

struct CIDRRelationTests {
    /// (a, b, a contains b, b contains a); overlap is expected exactly when either contains the other.
    @Test(arguments: [
        ("10.0.0.0/16", "10.0.1.0/24", true, false),  // nested
        ("10.0.0.0/16", "10.0.0.0/16", true, true),  // identical
        ("10.0.0.5/16", "10.0.0.0/16", true, true),  // identical once canonical
        ("10.0.0.0/24", "10.0.1.0/24", false, false),  // adjacent
        ("10.0.0.0/16", "10.1.0.0/16", false, false),  // adjacent
        ("10.0.0.0/8", "192.168.0.0/16", false, false),  // disjoint
        ("0.0.0.0/0", "10.0.0.0/8", true, false),  // default route
        ("0.0.0.0/0", "0.0.0.0/0", true, true),
        ("10.0.0.0/16", "10.0.255.255/32", true, false),  // host
        ("10.0.0.5/16", "10.0.3.0/24", true, false),  // host bits as written are ignored
        ("172.16.0.0/12", "172.32.0.0/16", false, false),
        ("172.16.0.0/12", "172.31.255.0/24", true, false),
        ("10.0.0.1/32", "10.0.0.2/32", false, false),
    ])
    func relatesIPv4Blocks(a: String, b: String, aContainsB: Bool, bContainsA: Bool) throws {
        let a = try #require(IPv4CIDR(a))
        let b = try #require(IPv4CIDR(b))
        #expect(a.contains(b) == aContainsB)
        #expect(b.contains(a) == bContainsA)
        #expect(a.overlaps(b) == (aContainsB || bContainsA))
        #expect(b.overlaps(a) == (aContainsB || bContainsA))
    }

    @Test(arguments: [
        ("2001:db8::/32", "2001:db8:1234::/48", true, false),
        ("2001:db8::/32", "2001:db9::/32", false, false),
        ("::/0", "2001:db8::/56", true, false),
        ("2001:db8:0:1::/64", "2001:db8:0:1::1/128", true, false),
        ("2001:db8:0:1::/64", "2001:db8:0:2::/64", false, false),
        ("2001:db8::/56", "2001:db8::/56", true, true),
    ])
    func relatesIPv6Blocks(a: String, b: String, aContainsB: Bool, bContainsA: Bool) throws {
        let a = try #require(IPv6CIDR(a))
        let b = try #require(IPv6CIDR(b))
        #expect(a.contains(b) == aContainsB)
        #expect(b.contains(a) == bContainsA)
        #expect(a.overlaps(b) == (aContainsB || bContainsA))
    }

    @Test(arguments: [
        ("10.0.0.0/16", "10.0.255.255", true),
        ("10.0.0.0/16", "10.1.0.0", false),
        ("10.0.0.0/16", "9.255.255.255", false),
        ("0.0.0.0/0", "255.255.255.255", true),
        ("10.0.0.1/32", "10.0.0.1", true),
        ("10.0.0.1/32", "10.0.0.2", false),
    ])
    func containsAddresses(block: String, address: String, expected: Bool) throws {
        let block = try #require(IPv4CIDR(block))
        let address = try #require(IPv4Address(address))
        #expect(block.contains(address) == expected)
    }

    @Test(arguments: [
        ("10.0.0.0/16", "10.0.0.0", "10.0.255.255", UInt64(65536)),
        ("0.0.0.0/0", "0.0.0.0", "255.255.255.255", 1 << 32),
        ("10.0.0.7/32", "10.0.0.7", "10.0.0.7", 1),
        ("10.0.0.5/30", "10.0.0.4", "10.0.0.7", 4),
    ])
    func boundsIPv4Blocks(block: String, first: String, last: String, count: UInt64) throws {
        let block = try #require(IPv4CIDR(block))
        #expect(block.firstAddress.description == first)
        #expect(block.lastAddress.description == last)
        #expect(block.addressCount == count)
    }

    @Test func boundsIPv6Blocks() throws {
        let subnet = try #require(IPv6CIDR("2001:db8::/64"))
        #expect(subnet.firstAddress.description == "2001:db8::")
        #expect(subnet.lastAddress.description == "2001:db8::ffff:ffff:ffff:ffff")
        #expect(subnet.addressCount == UInt128(1) << 64)
        #expect(subnet.hostBitCount == 64)
        #expect(IPv6CIDR("::/0")?.addressCount == .max)
        #expect(IPv6CIDR("::/1")?.addressCount == UInt128(1) << 127)
        #expect(IPv6CIDR("::1/128")?.addressCount == 1)
    }

    @Test(arguments: [
        ("10.0.0.0/16", 18, ["10.0.0.0/18", "10.0.64.0/18", "10.0.128.0/18", "10.0.192.0/18"]),
        ("10.0.0.5/24", 24, ["10.0.0.0/24"]),
        ("10.0.0.0/24", 23, []),
        ("10.0.0.0/24", 33, []),
        ("0.0.0.0/0", 0, ["0.0.0.0/0"]),
        ("0.0.0.0/0", 2, ["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/2", "192.0.0.0/2"]),
        ("255.255.255.252/30", 32, ["255.255.255.252/32", "255.255.255.253/32", "255.255.255.254/32", "255.255.255.255/32"]),
    ])
    func enumeratesIPv4Subnets(block: String, prefixLength: Int, expected: [String]) throws {
        let block = try #require(IPv4CIDR(block))
        #expect(block.subnets(prefixLength: prefixLength).map(\.description) == expected)
    }

    @Test func enumeratesIPv6SubnetsLazily() throws {
        let vpc = try #require(IPv6CIDR("2001:db8:1234:1a00::/56"))
        let subnets = Array(vpc.subnets(prefixLength: 64))
        #expect(subnets.count == 256)
        #expect(subnets.first?.description == "2001:db8:1234:1a00::/64")
        #expect(subnets.last?.description == "2001:db8:1234:1aff::/64")
        let everything = try #require(IPv6CIDR("::/0"))
        #expect(everything.subnets(prefixLength: 128).prefix(3).map(\.description) == ["::/128", "::1/128", "::2/128"])
        #expect(everything.subnets(prefixLength: 1).map(\.description) == ["::/1", "8000::/1"])
    }
}
