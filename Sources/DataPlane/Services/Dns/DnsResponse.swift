import Addressing

/// A DNS response as the Amazon DNS server writes it: the query's id, opcode and RD bit echoed, RA set (it is a
/// recursive resolver to its clients), the question repeated, and the answers, each owned by the question's name
/// (a compression pointer to it) with AWS's TTL.
struct DnsResponse: Sendable, Hashable {
    /// RFC 1035's RCODEs the server uses.
    enum ResponseCode: UInt8, Sendable {
        case noError = 0, formatError = 1, serverFailure = 2, nameError = 3, notImplemented = 4, refused = 5
    }

    /// One answer's data.
    enum Answer: Sendable, Hashable {
        case a(IPv4Address)
        case aaaa(IPv6Address)
        case ptr(String)
    }

    let id: UInt16
    let opcode: UInt8
    let recursionDesired: Bool
    let code: ResponseCode
    let question: DnsQuestion?
    var answers: [Answer] = []
    var ttl: UInt32 = 60

    /// The response's bytes.
    var bytes: [UInt8] {
        var out: [UInt8] = []
        append(id, to: &out)
        out.append(0x80 | (opcode & 0x0f) << 3 | (recursionDesired ? 0x01 : 0))
        out.append(0x80 | code.rawValue)
        append(question == nil ? 0 : 1, to: &out)
        append(question == nil ? 0 : UInt16(answers.count), to: &out)
        append(0, to: &out)
        append(0, to: &out)
        guard let question else { return out }
        Self.appendName(question.name, to: &out)
        append(question.type, to: &out)
        append(question.recordClass, to: &out)
        for answer in answers {
            out += [0xc0, 12]
            switch answer {
            case .a(let address):
                append(DnsQuestion.typeA, to: &out)
                appendClassAndTtl(&out)
                append(4, to: &out)
                out += address.octets
            case .aaaa(let address):
                append(DnsQuestion.typeAAAA, to: &out)
                appendClassAndTtl(&out)
                append(16, to: &out)
                for group in address.groups { append(group, to: &out) }
            case .ptr(let name):
                append(DnsQuestion.typePTR, to: &out)
                appendClassAndTtl(&out)
                var data: [UInt8] = []
                Self.appendName(name, to: &data)
                append(UInt16(data.count), to: &out)
                out += data
            }
        }
        return out
    }

    private func appendClassAndTtl(_ out: inout [UInt8]) {
        append(DnsQuestion.classInternet, to: &out)
        append(UInt16(ttl >> 16), to: &out)
        append(UInt16(ttl & 0xffff), to: &out)
    }

    private func append(_ value: UInt16, to out: inout [UInt8]) {
        out += [UInt8(value >> 8), UInt8(value & 0xff)]
    }

    /// A name as labels (names the server writes are its own, or a question it has read: labels of 63 bytes at most).
    static func appendName(_ name: String, to out: inout [UInt8]) {
        for label in name.split(separator: ".") {
            let bytes = Array(label.utf8.prefix(63))
            out.append(UInt8(bytes.count))
            out += bytes
        }
        out.append(0)
    }
}
