/// One message read from a netlink socket: its header's fields and the bytes after the header.
///
/// A datagram from the kernel may hold several messages (a conntrack dump packs many); ``messages(in:)`` splits it.
/// For netfilter's subsystems (`NETLINK_NETFILTER`) the payload starts with a 4-byte `nfgenmsg` (family, version,
/// resource id) followed by attributes, which ``netfilterFamily`` and ``netfilterAttributes`` read.
struct NetlinkMessage {
    /// `sizeof(struct nlmsghdr)`.
    static let headerLength = 16
    /// `sizeof(struct nfgenmsg)`.
    static let netfilterHeaderLength = 4

    /// `NLMSG_NOOP`, `NLMSG_ERROR` (an error or, with error 0, an acknowledgement), `NLMSG_DONE` (a dump's end).
    static let noop: UInt16 = 1
    static let error: UInt16 = 2
    static let done: UInt16 = 3

    /// `NLM_F_REQUEST`, `NLM_F_MULTI`, `NLM_F_ACK`, and the `NLM_F_DUMP` of a GET (`NLM_F_ROOT | NLM_F_MATCH`).
    static let request: UInt16 = 0x1
    static let multipart: UInt16 = 0x2
    static let acknowledge: UInt16 = 0x4
    static let dump: UInt16 = 0x300

    /// The message type: for netfilter, `subsystem << 8 | message`.
    var type: UInt16
    var flags: UInt16
    var sequence: UInt32
    /// The bytes after the netlink header.
    var payload: ArraySlice<UInt8>

    /// Splits a datagram into its messages; a malformed length ends the list (the kernel never sends one).
    static func messages(in datagram: ArraySlice<UInt8>) -> [NetlinkMessage] {
        var messages: [NetlinkMessage] = []
        var offset = 0
        while let length = datagram.nativeInteger(at: offset, as: UInt32.self), Int(length) >= headerLength,
            let message = datagram.bytes(at: offset, count: Int(length))
        {
            messages.append(
                NetlinkMessage(
                    type: message.nativeInteger(at: 4) ?? 0, flags: message.nativeInteger(at: 6) ?? 0,
                    sequence: message.nativeInteger(at: 8) ?? 0, payload: message.dropFirst(headerLength)))
            offset += (Int(length) + 3) & ~3
        }
        return messages
    }

    /// For an `NLMSG_ERROR`: the error as a positive `errno`, 0 for an acknowledgement; nil for any other message.
    var errorNumber: Int32? {
        guard type == Self.error, let negated = payload.nativeInteger(at: 0, as: Int32.self) else { return nil }
        return -negated
    }

    /// The address family in the `nfgenmsg` of a netfilter message (`AF_INET`, `AF_INET6`, or 0 for any).
    var netfilterFamily: UInt8? { payload.first }

    /// The attributes after the `nfgenmsg` of a netfilter message.
    var netfilterAttributes: NetlinkAttributes { NetlinkAttributes(payload.dropFirst(Self.netfilterHeaderLength)) }
}
