import Addressing

/// A flow's addresses, ports and protocol in one direction, byte for byte as the program reads them from a packet:
/// source and destination address, source and destination port (for ICMP echo the identifier, then the type and
/// code), protocol.
struct FastPathTuple: Sendable, Hashable {
    let bytes: [UInt8]

    /// `bytes`: 13 of them, as ``bytes`` describes.
    init(bytes: [UInt8]) {
        precondition(bytes.count == 13, "a fast-path tuple is 13 bytes")
        self.bytes = bytes
    }

    /// The map's key: the tuple and three zero bytes.
    var key: [UInt8] { bytes + [0, 0, 0] }

    static let keySize = 16

    init?(key: [UInt8]) {
        guard key.count == Self.keySize else { return nil }
        bytes = Array(key[0..<13])
    }

    init(source: IPv4Address, destination: IPv4Address, ipProtocol: UInt8, sourcePort: UInt16, destinationPort: UInt16) {
        bytes =
            source.octets + destination.octets + [
                UInt8(sourcePort >> 8), UInt8(sourcePort & 0xff), UInt8(destinationPort >> 8), UInt8(destinationPort & 0xff), ipProtocol,
            ]
    }

    /// The first packet of a flow the fast path can carry, and what its replies look like; nil for anything the program
    /// leaves to the router (IPv6, IP options, fragments, ICMP other than an echo request).
    static func directions(ofFirstPacket packet: [UInt8]) -> (forward: FastPathTuple, reply: FastPathTuple)? {
        guard packet.count >= 28, packet[0] == 0x45, packet[6] & 0x3f == 0, packet[7] == 0 else { return nil }
        let source = IPv4Address(packet[12], packet[13], packet[14], packet[15])
        let destination = IPv4Address(packet[16], packet[17], packet[18], packet[19])
        let ipProtocol = packet[9]
        let first = UInt16(packet[20]) << 8 | UInt16(packet[21])
        let second = UInt16(packet[22]) << 8 | UInt16(packet[23])
        switch ipProtocol {
        case IPPacketHeader.tcp, IPPacketHeader.udp:
            return (
                FastPathTuple(source: source, destination: destination, ipProtocol: ipProtocol, sourcePort: first, destinationPort: second),
                FastPathTuple(source: destination, destination: source, ipProtocol: ipProtocol, sourcePort: second, destinationPort: first)
            )
        case IPPacketHeader.icmp where first == echoRequest:
            let identifier = UInt16(packet[24]) << 8 | UInt16(packet[25])
            return (
                FastPathTuple(source: source, destination: destination, ipProtocol: ipProtocol, sourcePort: identifier, destinationPort: echoRequest),
                FastPathTuple(source: destination, destination: source, ipProtocol: ipProtocol, sourcePort: identifier, destinationPort: echoReply)
            )
        default:
            return nil
        }
    }

    /// Type 8 code 0, and type 0 code 0, as the two bytes read.
    static let echoRequest: UInt16 = 0x0800
    static let echoReply: UInt16 = 0x0000

    /// The same flow's tuple as a conntrack entry holds its original direction (ICMP's type and code in the ports, the
    /// identifier apart), for counting fast-path packets into flow logs; nil for IPv6, which the fast path never
    /// carries.
    init?(conntrackOriginal header: IPPacketHeader, icmpIdentifier: UInt16) {
        guard case .v4(let source) = header.source, case .v4(let destination) = header.destination else { return nil }
        if header.ipProtocol == IPPacketHeader.icmp {
            self.init(
                source: source, destination: destination, ipProtocol: header.ipProtocol, sourcePort: icmpIdentifier,
                destinationPort: header.destinationPort << 8 | header.sourcePort)
        } else {
            self.init(
                source: source, destination: destination, ipProtocol: header.ipProtocol, sourcePort: header.sourcePort,
                destinationPort: header.destinationPort)
        }
    }

    /// The other direction of a TCP, UDP or ICMP echo flow.
    var reversed: FastPathTuple {
        var other = Array(bytes[4..<8]) + Array(bytes[0..<4])
        if bytes[12] == IPPacketHeader.icmp {
            let type: UInt8 = bytes[10] == 8 ? 0 : 8
            other += [bytes[8], bytes[9], type, bytes[11]]
        } else {
            other += [bytes[10], bytes[11], bytes[8], bytes[9]]
        }
        return FastPathTuple(bytes: other + [bytes[12]])
    }
}

/// Where a packet of one flow direction leaves a router by, and what the program keeps of it (the map's value, 48
/// bytes, little-endian): the link to leave by (0), the MACs to write (4, 10), when a packet last went the ordinary
/// way (16), the packets (24) and bytes (32) carried, and the link the packet must have come in by (40).
struct FastPathEntry: Sendable, Hashable {
    /// The link the router would send it by; the packet enters the namespace at the link's other end.
    let departure: Int32
    let destinationMac: [UInt8]
    let sourceMac: [UInt8]
    /// The link it comes in by: a packet of the same tuple arriving by another is the router's to judge.
    let arrival: Int32

    static let size = 48
    static let lastOrdinaryOffset = 16
    static let packetsOffset = 24
    static let bytesOffset = 32
    static let arrivalOffset = 40

    /// The value for a new entry; `now`: the monotonic clock, when the flow's packet last went the ordinary way.
    func bytes(now: UInt64) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: Self.size)
        bytes.storeNative(UInt32(bitPattern: departure), at: 0)
        bytes.replaceSubrange(4..<10, with: destinationMac)
        bytes.replaceSubrange(10..<16, with: sourceMac)
        bytes.storeNative(now, at: Self.lastOrdinaryOffset)
        bytes.storeNative(UInt32(bitPattern: arrival), at: Self.arrivalOffset)
        return bytes
    }

    /// What a value read back says: the links it joins, when a packet last went the ordinary way, and the packets and
    /// bytes carried.
    static func readings(of value: [UInt8]) -> Readings {
        let value = value[...]
        return Readings(
            departure: value.nativeInteger(at: 0) ?? 0, arrival: value.nativeInteger(at: arrivalOffset) ?? 0,
            lastOrdinary: value.nativeInteger(at: lastOrdinaryOffset) ?? 0, packets: value.nativeInteger(at: packetsOffset) ?? 0,
            bytes: value.nativeInteger(at: bytesOffset) ?? 0)
    }

    struct Readings: Sendable, Hashable {
        let departure: Int32
        let arrival: Int32
        let lastOrdinary: UInt64
        let packets: UInt64
        let bytes: UInt64
    }

    /// A MAC as six bytes, from its text form (`0a:1b:…`).
    static func macBytes(_ text: String) -> [UInt8]? {
        let bytes = text.split(separator: ":").compactMap { UInt8($0, radix: 16) }
        return bytes.count == 6 ? bytes : nil
    }
}
