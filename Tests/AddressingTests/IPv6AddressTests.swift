import Addressing
import Testing

struct IPv6AddressTests {
    /// Valid text and its RFC 5952 canonical form.
    @Test(arguments: [
        ("::", "::"),
        ("::1", "::1"),
        ("1::", "1::"),
        ("2001:db8::", "2001:db8::"),
        ("2001:DB8:0:0:0:0:0:1", "2001:db8::1"),
        ("2001:0db8:0000:0000:0001:0000:0000:0001", "2001:db8::1:0:0:1"),
        ("2001:db8:0:0:1::1", "2001:db8::1:0:0:1"),
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        ("1:0:0:2:0:0:0:3", "1:0:0:2::3"),
        ("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"),
        ("::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"),
        ("1:2:3:4:5:6::7", "1:2:3:4:5:6:0:7"),
        ("ABCD:EF01:2345:6789:ABCD:EF01:2345:6789", "abcd:ef01:2345:6789:abcd:ef01:2345:6789"),
        ("fe80::1", "fe80::1"),
        ("::ffff:10.0.0.1", "::ffff:10.0.0.1"),
        ("::ffff:a00:1", "::ffff:10.0.0.1"),
        ("64:ff9b::192.0.2.33", "64:ff9b::c000:221"),
        ("1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"),
        ("::1.2.3.4", "::102:304"),
    ])
    func parsesAndPrintsCanonically(text: String, canonical: String) {
        let address = IPv6Address(text)
        #expect(address?.description == canonical)
        #expect(address.flatMap { IPv6Address($0.description) } == address)
    }

    @Test(arguments: [
        "", ":", ":::", "1:::2", "::1::", "1::2::3", ":1::", "1::2:", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:",
        "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "12345::", "g::", "::-1",
        "::ffff:1.2.3", "::ffff:1.2.3.256", "::ffff:01.2.3.4", "1.2.3.4::", "::1.2.3.4:5", "1:2:3:4:5:6:7:1.2.3.4",
        "1.2.3.4", "fe80::1%eth0", "[::1]", " ::1", "::1 ", "2001:db8::/32",
    ])
    func rejectsMalformedText(text: String) {
        #expect(IPv6Address(text) == nil)
    }

    @Test func splitsIntoHalvesAndGroups() throws {
        let address = try #require(IPv6Address("2001:db8:1:2:3:4:5:6"))
        #expect(address.high == 0x2001_0db8_0001_0002)
        #expect(address.low == 0x0003_0004_0005_0006)
        #expect(address.groups == [0x2001, 0xdb8, 1, 2, 3, 4, 5, 6])
        #expect(IPv6Address(high: address.high, low: address.low) == address)
    }

    @Test func recognizesIPv4MappedAddresses() {
        #expect(IPv6Address("::ffff:192.0.2.1")?.ipv4Mapped == IPv4Address(192, 0, 2, 1))
        #expect(IPv6Address("::192.0.2.1")?.ipv4Mapped == nil)
        #expect(IPv6Address("1::ffff:192.0.2.1")?.ipv4Mapped == nil)
    }

    @Test func ordersAndAdvancesAcrossTheHalves() throws {
        let endOfHigh = try #require(IPv6Address("2001:db8::ffff:ffff:ffff:ffff"))
        let next = try #require(endOfHigh.advanced(by: 1))
        #expect(next.description == "2001:db8:0:1::")
        #expect(endOfHigh < next)
        #expect(next.advanced(by: -1) == endOfHigh)
        #expect(IPv6Address("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")?.advanced(by: 1) == nil)
        #expect(IPv6Address("::")?.advanced(by: -1) == nil)
    }
}
