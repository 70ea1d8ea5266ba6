import Addressing
import Testing

@testable import DataPlane

/// The netlink encoding without a kernel: what is built reads back, and conntrack's tuples round-trip.
struct NetlinkMessageTests {
    @Test func builtMessageHasHeaderAndPaddedAttributes() {
        var message = NetfilterNetlinkMessage(subsystem: 3, message: 1, flags: NetlinkMessage.acknowledge, sequence: 7, family: 2, resourceId: 513)
        message.append(2, [1, 2, 3])  // padded to 8 bytes
        message.append(3, bigEndian: UInt32(0xDEAD))
        let bytes = message.bytes[...]
        #expect(bytes.count == 16 + 4 + 8 + 8)
        #expect(bytes.nativeInteger(at: 0, as: UInt32.self) == UInt32(bytes.count))
        let messages = NetlinkMessage.messages(in: bytes)
        #expect(messages.count == 1)
        let read = messages[0]
        #expect(read.type == 3 << 8 | 1)
        #expect(read.flags == NetlinkMessage.request | NetlinkMessage.acknowledge)
        #expect(read.sequence == 7)
        #expect(read.netfilterFamily == 2)
        #expect(read.payload.bigEndianInteger(at: 2, as: UInt16.self) == 513)
        let attributes = Array(read.netfilterAttributes)
        #expect(attributes.map(\.type) == [2, 3])
        #expect(Array(attributes[0].value) == [1, 2, 3])
        #expect(attributes[1].value.bigEndianInteger(at: 0, as: UInt32.self) == 0xDEAD)
    }

    @Test func nestedAttributesAreFlaggedAndRead() {
        var message = NetfilterNetlinkMessage(subsystem: 1, message: 0, flags: 0, sequence: 1, family: 2)
        message.appendNested(1) { outer in
            outer.appendNested(2) { inner in inner.append(3, [9]) }
            outer.append(4, bigEndian: UInt16(80))
        }
        let read = NetlinkMessage.messages(in: message.bytes[...])[0]
        #expect(read.payload.nativeInteger(at: 4 + 2, as: UInt16.self) == 1 | NetlinkAttributes.nestedFlag)
        let outer = read.netfilterAttributes.nested(1)
        #expect(outer?.nested(2)?[3].map(Array.init) == [9])
        #expect(outer?[4]?.bigEndianInteger(at: 0, as: UInt16.self) == 80)
        #expect(read.netfilterAttributes[9] == nil)
    }

    @Test func severalMessagesInOneDatagram() {
        let first = NetfilterNetlinkMessage(subsystem: 1, message: 0, flags: 0, sequence: 1, family: 2)
        var second = NetfilterNetlinkMessage(subsystem: 1, message: 0, flags: 0, sequence: 2, family: 10)
        second.append(1, [1])
        let messages = NetlinkMessage.messages(in: (first.bytes + second.bytes)[...])
        #expect(messages.map(\.sequence) == [1, 2])
        #expect(messages.map(\.netfilterFamily) == [2, 10])
    }

    @Test func errorsAndAcknowledgements() {
        func errorMessage(_ error: Int32) -> [UInt8] {
            var bytes: [UInt8] = []
            bytes.appendNative(UInt32(16 + 4 + 16))
            bytes.appendNative(NetlinkMessage.error)
            bytes.appendNative(UInt16(0))
            bytes.appendNative(UInt32(5))
            bytes.appendNative(UInt32(0))
            bytes.appendNative(error)
            bytes += [UInt8](repeating: 0, count: 16)  // the request's header
            return bytes
        }
        let messages = NetlinkMessage.messages(in: (errorMessage(0) + errorMessage(-2))[...])
        #expect(messages.map(\.errorNumber) == [0, 2])
        #expect(
            NetlinkMessage.messages(in: NetfilterNetlinkMessage(subsystem: 1, message: 0, flags: 0, sequence: 1, family: 2).bytes[...])[0].errorNumber
                == nil)
    }

    @Test func truncatedDatagramsEndTheList() {
        let message = NetfilterNetlinkMessage(subsystem: 1, message: 0, flags: 0, sequence: 1, family: 2).bytes
        #expect(NetlinkMessage.messages(in: message.dropLast()).isEmpty)
        #expect(NetlinkMessage.messages(in: (message + [1, 2, 3])[...]).count == 1)
        #expect(NetlinkMessage.messages(in: [0, 0, 0, 0, 1, 2][...]).isEmpty)
    }

    /// Entries the kernel could list: TCP and UDP over both families, ICMP and ICMPv6 echoes.
    static let entries: [Conntrack.Entry] = [
        Conntrack.Entry(
            original: IPPacketHeader(
                source: IPAddress("10.0.1.5")!, destination: IPAddress("10.1.0.7")!, ipProtocol: 6, sourcePort: 40000, destinationPort: 22),
            reply: IPPacketHeader(
                source: IPAddress("10.1.0.7")!, destination: IPAddress("10.0.1.5")!, ipProtocol: 6, sourcePort: 22, destinationPort: 40000),
            mark: 5),
        Conntrack.Entry(
            original: IPPacketHeader(
                source: IPAddress("2001:db8::5")!, destination: IPAddress("2001:db8:1::7")!, ipProtocol: 17, sourcePort: 5353,
                destinationPort: 53),
            reply: IPPacketHeader(
                source: IPAddress("2001:db8:1::7")!, destination: IPAddress("2001:db8::5")!, ipProtocol: 17, sourcePort: 53,
                destinationPort: 5353),
            mark: 0xDEAD),
        Conntrack.Entry(
            original: IPPacketHeader(source: IPAddress("10.0.1.5")!, destination: IPAddress("10.1.0.7")!, ipProtocol: 1, destinationPort: 8),
            reply: IPPacketHeader(source: IPAddress("10.1.0.7")!, destination: IPAddress("10.0.1.5")!, ipProtocol: 1, destinationPort: 0),
            icmpIdentifier: 4242, mark: 0),
        Conntrack.Entry(
            original: IPPacketHeader(
                source: IPAddress("2001:db8::5")!, destination: IPAddress("2001:db8:1::7")!, ipProtocol: 58, destinationPort: 128),
            reply: IPPacketHeader(
                source: IPAddress("2001:db8:1::7")!, destination: IPAddress("2001:db8::5")!, ipProtocol: 58, destinationPort: 129),
            icmpIdentifier: 7, mark: 1),
    ]

    /// A request names the entry by its original tuple; a dump message carrying both tuples reads back as the entry.
    @Test(arguments: entries)
    func conntrackTuplesRoundTrip(_ entry: Conntrack.Entry) throws {
        let request = try ConntrackWire.request(ConntrackWire.new, for: entry)
        let read = NetlinkMessage.messages(in: request.bytes[...])[0]
        #expect(read.netfilterFamily == (entry.source.isIPv6 ? 10 : 2))
        #expect(read.flags & NetlinkMessage.acknowledge != 0)
        #expect(read.netfilterAttributes[ConntrackWire.tupleReply] == nil)

        // The kernel's dump answer: the original tuple as the request wrote it, then the reply tuple and the mark.
        let reply = try ConntrackWire.request(
            ConntrackWire.new, for: Conntrack.Entry(original: entry.reply, reply: entry.original, icmpIdentifier: entry.icmpIdentifier))
        let replyTuple = Array(NetlinkMessage.messages(in: reply.bytes[...])[0].netfilterAttributes)[0].value
        var dump = request
        dump.appendNested(ConntrackWire.tupleReply) { $0.appendRaw(replyTuple) }
        dump.append(ConntrackWire.mark, bigEndian: entry.mark)
        #expect(ConntrackWire.entry(in: NetlinkMessage.messages(in: dump.bytes[...])[0]) == entry)
    }

    @Test func icmpRequestsCarryIdentifierTypeAndCode() throws {
        let echo = Self.entries[2]
        let request = try ConntrackWire.request(ConntrackWire.delete, for: echo)
        let proto = NetlinkMessage.messages(in: request.bytes[...])[0].netfilterAttributes.nested(ConntrackWire.tupleOriginal)?.nested(
            ConntrackWire.tupleProtocol)
        #expect(proto?[ConntrackWire.protocolNumber].map(Array.init) == [1])
        #expect(proto?[4]?.bigEndianInteger(at: 0, as: UInt16.self) == 4242)
        #expect(proto?[5].map(Array.init) == [8])
        #expect(proto?[6].map(Array.init) == [0])
        #expect(proto?[ConntrackWire.sourcePort] == nil)
    }

    @Test func mixedFamiliesAreRefused() {
        let entry = Conntrack.Entry(
            original: IPPacketHeader(source: IPAddress("10.0.1.5")!, destination: IPAddress("2001:db8::1")!, ipProtocol: 6),
            reply: IPPacketHeader(source: IPAddress("2001:db8::1")!, destination: IPAddress("10.0.1.5")!, ipProtocol: 6))
        #expect(throws: KernelError.self) { try ConntrackWire.request(ConntrackWire.new, for: entry) }
    }
}

extension NetfilterNetlinkMessage {
    /// Appends bytes that are already attributes (a tuple copied from another message).
    fileprivate mutating func appendRaw(_ attributes: ArraySlice<UInt8>) {
        var copy = NetlinkAttributes(attributes).makeIterator()
        while let attribute = copy.next() {
            if attribute.type == ConntrackWire.tupleAddresses || attribute.type == ConntrackWire.tupleProtocol {
                appendNested(attribute.type) { nested in
                    for inner in NetlinkAttributes(attribute.value) { nested.append(inner.type, inner.value) }
                }
            } else {
                append(attribute.type, attribute.value)
            }
        }
    }
}
