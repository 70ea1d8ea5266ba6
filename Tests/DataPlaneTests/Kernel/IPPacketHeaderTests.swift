import Addressing
import DataPlane
import Testing

struct IPPacketHeaderTests {
    /// A hand-built packet and the header it must read as (nil: not readable).
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var expected: IPPacketHeader?
        var testDescription: String { name }
    }

    static let clientV4 = IPAddress("10.0.1.5")!
    static let serverV4 = IPAddress("10.1.0.7")!
    static let clientV6 = IPAddress("2001:db8::5")!
    static let serverV6 = IPAddress("2001:db8:1::7")!

    /// An IPv4 header (no checksum: nothing reads it) with `options`, then `transport`.
    static func ipv4(_ ipProtocol: UInt8, options: [UInt8] = [], fragment: [UInt8] = [0x40, 0x00], _ transport: [UInt8]) -> [UInt8] {
        let headerLength = 20 + options.count
        let total = headerLength + transport.count
        return [0x40 | UInt8(headerLength / 4), 0x00, UInt8(total >> 8), UInt8(total & 0xFF), 0x12, 0x34] + fragment
            + [64, ipProtocol, 0x00, 0x00] + [10, 0, 1, 5] + [10, 1, 0, 7] + options + transport
    }

    /// An IPv6 header whose next header is `next`, then `rest` (extension headers and transport).
    static func ipv6(_ next: UInt8, _ rest: [UInt8]) -> [UInt8] {
        let source: [UInt8] = [0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5]
        let destination: [UInt8] = [0x20, 0x01, 0x0D, 0xB8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7]
        return [0x60, 0x00, 0x00, 0x00, UInt8(rest.count >> 8), UInt8(rest.count & 0xFF), next, 64] + source + destination + rest
    }

    static let tcpTo22: [UInt8] = [0xC0, 0x00, 0x00, 0x16, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xFF, 0xFF, 0, 0, 0, 0]
    static let udpTo53: [UInt8] = [0xD4, 0x31, 0x00, 0x35, 0x00, 0x08, 0x00, 0x00]
    static let echoRequest: [UInt8] = [8, 0, 0xF7, 0xFF, 0x12, 0x34, 0x00, 0x01]

    static let readable: [Case] = [
        Case(
            name: "IPv4 TCP", bytes: ipv4(6, tcpTo22),
            expected: IPPacketHeader(source: clientV4, destination: serverV4, ipProtocol: 6, sourcePort: 49152, destinationPort: 22)),
        Case(
            name: "IPv4 UDP", bytes: ipv4(17, udpTo53),
            expected: IPPacketHeader(source: clientV4, destination: serverV4, ipProtocol: 17, sourcePort: 54321, destinationPort: 53)),
        Case(
            name: "IPv4 ICMP echo request: type 8 in the destination port",
            bytes: ipv4(1, echoRequest),
            expected: IPPacketHeader(source: clientV4, destination: serverV4, ipProtocol: 1, sourcePort: 0, destinationPort: 8)),
        Case(
            name: "IPv4 ICMP unreachable, administratively prohibited: code 13 in the source port",
            bytes: ipv4(1, [3, 13, 0, 0, 0, 0, 0, 0]),
            expected: IPPacketHeader(source: clientV4, destination: serverV4, ipProtocol: 1, sourcePort: 13, destinationPort: 3)),
        Case(
            name: "IPv4 with 8 bytes of options (router alert, NOPs, end)",
            bytes: ipv4(6, options: [0x94, 0x04, 0x00, 0x00, 0x01, 0x01, 0x01, 0x00], tcpTo22),
            expected: IPPacketHeader(source: clientV4, destination: serverV4, ipProtocol: 6, sourcePort: 49152, destinationPort: 22)),
        Case(
            name: "IPv4 first fragment (more fragments, offset 0) has its ports",
            bytes: ipv4(17, fragment: [0x20, 0x00], udpTo53),
            expected: IPPacketHeader(source: clientV4, destination: serverV4, ipProtocol: 17, sourcePort: 54321, destinationPort: 53)),
        Case(
            name: "IPv4 later fragment has no ports", bytes: ipv4(17, fragment: [0x00, 0xB9], [0xAA, 0xBB]),
            expected: IPPacketHeader(source: clientV4, destination: serverV4, ipProtocol: 17)),
        Case(
            name: "IPv4 GRE: no ports", bytes: ipv4(47, [0, 0, 0x08, 0x00]),
            expected: IPPacketHeader(source: clientV4, destination: serverV4, ipProtocol: 47)),
        Case(
            name: "IPv6 TCP", bytes: ipv6(6, [0x01, 0xBB, 0x01, 0xBB] + tcpTo22.dropFirst(4)),
            expected: IPPacketHeader(source: clientV6, destination: serverV6, ipProtocol: 6, sourcePort: 443, destinationPort: 443)),
        Case(
            name: "IPv6 hop-by-hop (router alert) then UDP",
            bytes: ipv6(0, [17, 0, 0x05, 0x02, 0x00, 0x00, 0x01, 0x00] + udpTo53),
            expected: IPPacketHeader(source: clientV6, destination: serverV6, ipProtocol: 17, sourcePort: 54321, destinationPort: 53)),
        Case(
            name: "IPv6 hop-by-hop, 16-byte destination options, first fragment, then TCP",
            bytes: ipv6(
                0,
                [60, 0, 0x01, 0x04, 0, 0, 0, 0] + [44, 1] + [UInt8](repeating: 0, count: 14) + [6, 0, 0x00, 0x01, 0, 0, 0, 42] + tcpTo22),
            expected: IPPacketHeader(source: clientV6, destination: serverV6, ipProtocol: 6, sourcePort: 49152, destinationPort: 22)),
        Case(
            name: "IPv6 later fragment has no ports", bytes: ipv6(44, [17, 0, 0x05, 0xA8, 0, 0, 0, 42, 0xAA, 0xBB]),
            expected: IPPacketHeader(source: clientV6, destination: serverV6, ipProtocol: 17)),
        Case(
            name: "IPv6 authentication header (12 bytes of data) then UDP",
            bytes: ipv6(51, [17, 4, 0, 0] + [UInt8](repeating: 0, count: 20) + udpTo53),
            expected: IPPacketHeader(source: clientV6, destination: serverV6, ipProtocol: 17, sourcePort: 54321, destinationPort: 53)),
        Case(
            name: "ICMPv6 echo request: type 128", bytes: ipv6(58, [128, 0, 0x12, 0x34, 0x56, 0x78, 0x00, 0x01]),
            expected: IPPacketHeader(source: clientV6, destination: serverV6, ipProtocol: 58, sourcePort: 0, destinationPort: 128)),
        Case(
            name: "IPv6 with no next header (59)", bytes: ipv6(59, []),
            expected: IPPacketHeader(source: clientV6, destination: serverV6, ipProtocol: 59)),
    ]

    static let unreadable: [Case] = [
        Case(name: "empty", bytes: [], expected: nil),
        Case(name: "IPv4 header cut at 19 bytes", bytes: Array(ipv4(6, tcpTo22).prefix(19)), expected: nil),
        Case(name: "IPv4 header length below 20", bytes: [0x44] + ipv4(6, tcpTo22).dropFirst(), expected: nil),
        Case(name: "IPv4 options longer than the bytes", bytes: Array(ipv4(6, options: [1, 1, 1, 0], []).prefix(22)), expected: nil),
        Case(name: "IPv4 TCP with 3 bytes of its header", bytes: ipv4(6, [0xC0, 0x00, 0x00]), expected: nil),
        Case(name: "IPv4 ICMP with only the type", bytes: ipv4(1, [8]), expected: nil),
        Case(name: "IPv6 header cut at 39 bytes", bytes: Array(ipv6(6, []).prefix(39)), expected: nil),
        Case(name: "IPv6 hop-by-hop header cut short", bytes: ipv6(0, [17]), expected: nil),
        Case(name: "IPv6 hop-by-hop header longer than the bytes", bytes: ipv6(0, [17, 1, 0, 0, 0, 0, 0, 0] + udpTo53), expected: nil),
        Case(name: "IPv6 fragment header cut short", bytes: ipv6(44, [17, 0, 0, 0]), expected: nil),
        Case(name: "IPv6 UDP with 2 bytes of its header", bytes: ipv6(17, [0xD4, 0x31]), expected: nil),
        Case(name: "version 5", bytes: [0x50] + ipv4(6, tcpTo22).dropFirst(), expected: nil),
        Case(name: "an Ethernet frame, not an IP packet", bytes: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 1, 2, 3, 4, 5, 0x08, 0x06], expected: nil),
    ]

    @Test(arguments: readable + unreadable)
    func reads(_ example: Case) {
        #expect(IPPacketHeader(bytes: example.bytes) == example.expected)
    }

    @Test(arguments: readable)
    func readsAnyCollection(_ example: Case) {
        // A lazy map has no contiguous storage: the bytes are copied first.
        #expect(IPPacketHeader(bytes: example.bytes.lazy.map { $0 }) == example.expected)
        // A slice that does not start at index 0.
        let padded = [0xEE] + example.bytes
        #expect(IPPacketHeader(bytes: padded[1...]) == example.expected)
    }

    @Test func icmpReadsAsICMP() {
        #expect(IPPacketHeader(bytes: Self.ipv4(1, Self.echoRequest))?.isICMP == true)
        #expect(IPPacketHeader(bytes: Self.ipv6(58, [128, 0, 0, 0]))?.isICMP == true)
        #expect(IPPacketHeader(bytes: Self.ipv4(6, Self.tcpTo22))?.isICMP == false)
    }
}
