/// AWS's `tcp-flags`, derived from what the kernel knows of a connection: conntrack's TCP state and which side sent
/// the first FIN. AWS reports the bitwise OR of the flags seen in the interval: SYN 2, SYN-ACK 18, FIN 1, RST 4 (ACK
/// alone is not reported). No packet is read for this; each state implies the flags sent to reach it.
enum TCPFlags {
    static let fin = 1
    static let syn = 2
    static let rst = 4
    static let synAck = 18

    /// The flags each way a connection in `info` has sent so far. `established`: whether it was seen past the handshake
    /// before, which says who reset a closed connection (a refused one is reset by the server).
    static func seen(_ info: Conntrack.Entry.TCPInfo, established: Bool) -> (original: Int, reply: Int) {
        let finOriginal = info.originalClosedFirst || !info.replyClosedFirst
        switch info.state {
        case 1: return (syn, 0)  // SYN_SENT
        case 2, 3: return (syn, synAck)  // SYN_RECV, ESTABLISHED
        case 4, 5: return finOriginal ? (syn | fin, synAck) : (syn, synAck | fin)  // FIN_WAIT, CLOSE_WAIT: one FIN
        case 6, 7: return (syn | fin, synAck | fin)  // LAST_ACK, TIME_WAIT: both FINs
        case 8: return established ? (syn | rst, synAck) : (syn, rst)  // CLOSE: reset
        case 9: return (syn, syn)  // SYN_SENT2: simultaneous open
        default: return (0, 0)
        }
    }
}
