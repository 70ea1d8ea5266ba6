import Addressing
import Testing

struct IPv4AddressTests {
    @Test(arguments: [
        ("0.0.0.0", UInt32(0)),
        ("10.0.0.1", 0x0A00_0001),
        ("192.168.1.254", 0xC0A8_01FE),
        ("255.255.255.255", 0xFFFF_FFFF),
    ])
    func parsesDottedQuad(text: String, value: UInt32) {
        let address = IPv4Address(text)
        #expect(address?.value == value)
        #expect(address?.description == text)
    }

    @Test(arguments: [
        "", "256.0.0.0", "10.0.0", "10.0.0.0.0", "010.0.0.1", "10.0.0.01", "00.0.0.0", "1.2.3.-4", "1.2.3.+4",
        " 10.0.0.1", "10.0.0.1 ", "10..0.1", "10.0.0.", ".10.0.0", "a.b.c.d", "1.2.3.4/32", "0x1.0.0.0",
        "1234.0.0.0", "99999999999999999999.0.0.0", "١.٢.٣.٤", "::1",
    ])
    func rejectsMalformedText(text: String) {
        #expect(IPv4Address(text) == nil)
    }

    /// The dotted quad is written digit by digit: every octet width (one, two and three digits, zeros inside) in
    /// every position reads back as the same text, and agrees with the plain decimal of each octet.
    @Test(arguments: [0, 1, 9, 10, 99, 100, 109, 200, 255])
    func writesEveryOctetWidth(octet: Int) {
        for position in 0..<4 {
            var octets: [UInt8] = [10, 0, 7, 255]
            octets[position] = UInt8(octet)
            let address = IPv4Address(octets[0], octets[1], octets[2], octets[3])
            #expect(address.description == octets.map { String($0) }.joined(separator: "."))
            #expect(IPv4Address(address.description) == address)
        }
    }

    @Test func buildsFromOctets() {
        let address = IPv4Address(172, 31, 0, 2)
        #expect(address.description == "172.31.0.2")
        #expect(address.octets == [172, 31, 0, 2])
    }

    @Test func ordersNumerically() {
        let sorted = ["10.0.0.10", "10.0.0.9", "9.255.255.255"].compactMap(IPv4Address.init).sorted()
        #expect(sorted.map(\.description) == ["9.255.255.255", "10.0.0.9", "10.0.0.10"])
    }

    @Test func advancesWithinTheAddressSpace() {
        #expect(IPv4Address("10.0.0.255")?.advanced(by: 1)?.description == "10.0.1.0")
        #expect(IPv4Address("10.0.1.0")?.advanced(by: -1)?.description == "10.0.0.255")
        #expect(IPv4Address("255.255.255.255")?.advanced(by: 1) == nil)
        #expect(IPv4Address("0.0.0.0")?.advanced(by: -1) == nil)
        #expect(IPv4Address("0.0.0.0")?.advanced(by: Int(UInt32.max) + 1) == nil)
    }

    @Test func exposesBits() {
        let address = IPv4Address(128, 0, 0, 1)
        #expect(address.bit(at: 0))
        #expect(!address.bit(at: 1))
        #expect(address.bit(at: 31))
        #expect(IPv4Address.bitWidth == 32)
    }
}
