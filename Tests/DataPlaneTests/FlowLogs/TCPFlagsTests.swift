import Testing

@testable import DataPlane

/// AWS's tcp-flags from conntrack's TCP states (what the kernel knows; no packet is read).
struct TCPFlagsTests {
    @Test(arguments: [
        (UInt8(1), false, false, false, 2, 0),  // SYN_SENT
        (2, false, false, false, 2, 18),  // SYN_RECV
        (3, false, false, false, 2, 18),  // ESTABLISHED
        (4, true, false, true, 3, 18),  // FIN_WAIT, the client closed first
        (5, false, true, true, 2, 19),  // CLOSE_WAIT, the server closed first
        (6, true, false, true, 3, 19),  // LAST_ACK
        (7, true, false, true, 3, 19),  // TIME_WAIT
        (8, false, false, false, 2, 4),  // CLOSE without a handshake: refused, the server reset it
        (8, false, false, true, 6, 18),  // CLOSE after the handshake
        (9, false, false, false, 2, 2),  // SYN_SENT2: simultaneous open
    ])
    func eachStateImpliesTheFlagsSentToReachIt(
        _ state: UInt8, _ originalClosedFirst: Bool, _ replyClosedFirst: Bool, _ established: Bool, _ original: Int, _ reply: Int
    ) {
        let info = Conntrack.Entry.TCPInfo(state: state, originalClosedFirst: originalClosedFirst, replyClosedFirst: replyClosedFirst)
        let flags = TCPFlags.seen(info, established: established)
        #expect(flags.original == original)
        #expect(flags.reply == reply)
    }
}
