/// A DNS query as the Amazon DNS server reads it (RFC 1035 §4.1): the header's id, opcode and RD bit, and its one
/// question. Every length in the packet is checked against what is left of it; compression pointers must point
/// backwards, so a loop cannot form.
struct DnsQuery: Sendable, Hashable {
    let id: UInt16
    /// The header's OPCODE (0, QUERY, is the only one answered).
    let opcode: UInt8
    let recursionDesired: Bool
    let question: DnsQuestion

    /// The header fields a reply needs, even when the rest is malformed: nil when there is no whole header, or when
    /// the packet is itself a response (never answer an answer).
    static func header(of bytes: [UInt8]) -> (id: UInt16, opcode: UInt8, recursionDesired: Bool)? {
        guard bytes.count >= 12, bytes[2] & 0x80 == 0 else { return nil }
        return (UInt16(bytes[0]) << 8 | UInt16(bytes[1]), (bytes[2] >> 3) & 0x0f, bytes[2] & 0x01 != 0)
    }

    /// Reads a query; throws `DnsWireError` for anything malformed (no header, not exactly one question, a name that
    /// runs past the end, loops or is too long).
    static func parse(_ bytes: [UInt8]) throws(DnsWireError) -> DnsQuery {
        guard let header = header(of: bytes) else { throw .malformed("no query header") }
        let questions = UInt16(bytes[4]) << 8 | UInt16(bytes[5])
        guard questions == 1 else { throw .malformed("\(questions) questions, not one") }
        var offset = 12
        let name = try readName(bytes, at: &offset)
        guard offset + 4 <= bytes.count else { throw .malformed("the question ends early") }
        let type = UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
        let recordClass = UInt16(bytes[offset + 2]) << 8 | UInt16(bytes[offset + 3])
        return DnsQuery(
            id: header.id, opcode: header.opcode, recursionDesired: header.recursionDesired,
            question: DnsQuestion(name: name, type: type, recordClass: recordClass))
    }

    /// A name at `offset` (advanced past it), its labels joined by dots, following compression pointers.
    static func readName(_ bytes: [UInt8], at offset: inout Int) throws(DnsWireError) -> String {
        var labels: [String] = []
        var position = offset
        var jumped = false
        var length = 0
        while true {
            guard position < bytes.count else { throw .malformed("a name runs past the end") }
            let byte = bytes[position]
            switch byte & 0xc0 {
            case 0x00:
                let count = Int(byte)
                if count == 0 {
                    if !jumped { offset = position + 1 }
                    return labels.joined(separator: ".")
                }
                guard position + 1 + count <= bytes.count else { throw .malformed("a label runs past the end") }
                let label = bytes[(position + 1)..<(position + 1 + count)]
                // A dot inside a label would make two names read alike.
                guard !label.contains(UInt8(ascii: ".")) else { throw .malformed("a label holds a dot") }
                length += count + 1
                guard length <= 255 else { throw .malformed("a name longer than 255 bytes") }
                labels.append(String(decoding: label, as: UTF8.self))
                position += 1 + count
            case 0xc0:
                guard position + 1 < bytes.count else { throw .malformed("a pointer runs past the end") }
                let target = Int(byte & 0x3f) << 8 | Int(bytes[position + 1])
                guard target < position else { throw .malformed("a pointer that does not point backwards") }
                if !jumped { offset = position + 2 }
                jumped = true
                position = target
            default:
                throw .malformed("a label type that does not exist")
            }
        }
    }
}
