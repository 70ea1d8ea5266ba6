/// The program at the ingress of a router's instance and peering links: it carries a packet of an accepted flow
/// straight into the next namespace (`bpf_redirect_peer`), past the router's IP stack, exactly as the router would
/// have forwarded it (new MACs, TTL one less), or hands it to the router's stack unchanged.
///
/// It decides nothing. Its map holds only what the flow decider wrote after the evaluator accepted a flow
/// (`FastPath.carry`); a packet with no entry, and every packet it does not understand, goes the ordinary way: IPv6,
/// IP options, fragments, a TTL about to expire, TCP SYN, FIN or RST (conntrack follows each connection's start and
/// end), ICMP other than echo. So does one packet of each direction of a flow every second (``refreshNanoseconds``): it
/// renews the router's conntrack entry, so the flow stays one the routers know, review (`FlowReview`) and log.
///
/// Key (`FastPathTuple.key`, 16 bytes as in the packet): source and destination address, source and destination port
/// (for ICMP echo the identifier and the type and code), protocol, three zero bytes. Value (`FastPathEntry`): the link
/// to leave by, the MACs to write, when a packet last went the ordinary way, the packets and bytes carried (for flow
/// logs), and the link the packet must have come in by.
enum FastPathProgram {
    /// How often each flow's packets go through the router's stack, at least: well inside conntrack's shortest
    /// timeout (10 s), so an entry never outlives the router's record of its flow.
    static let refreshNanoseconds: Int32 = 1_000_000_000

    // `struct __sk_buff` fields.
    private static let length: Int16 = 0
    private static let interfaceIndex: Int16 = 40
    private static let data: Int16 = 76
    private static let dataEnd: Int16 = 80
    /// `TC_ACT_OK`: on to the router's stack.
    private static let pass: Int32 = 0

    static func instructions(map: Int32) -> [BpfInstruction] {
        var a = BpfAssembler()
        a.move(.r6, .r1)
        a.load(.word, .r2, .r6, data)
        a.load(.word, .r3, .r6, dataEnd)
        // Ethernet (14) + IPv4 without options (20) + the first 8 bytes of what it carries.
        a.move(.r4, .r2)
        a.arithmetic(.add, .r4, 42)
        a.jump(if: .r4, .greater, .r3, to: "pass")
        a.load(.half, .r5, .r2, 12)
        a.jump(if: .r5, .notEqual, 0x0008, to: "pass")  // EtherType IPv4, as it reads little-endian
        a.load(.byte, .r5, .r2, 14)
        a.jump(if: .r5, .notEqual, 0x45, to: "pass")  // version 4, 20-byte header
        a.load(.half, .r5, .r2, 20)
        a.jump(if: .r5, .anyBitSet, 0xff3f, to: "pass")  // more fragments, or a fragment offset
        a.load(.byte, .r5, .r2, 22)
        a.jump(if: .r5, .less, 2, to: "pass")  // the router answers "time exceeded"
        a.load(.byte, .r7, .r2, 23)
        // The key, at the frame's last 16 bytes.
        a.load(.word, .r5, .r2, 26)
        a.store(.word, .frame, -16, .r5)
        a.load(.word, .r5, .r2, 30)
        a.store(.word, .frame, -12, .r5)
        a.store(.byte, .frame, -4, .r7)
        a.store(.byte, .frame, -3, 0)
        a.store(.half, .frame, -2, 0)
        a.jump(if: .r7, .equal, 6, to: "tcp")
        a.jump(if: .r7, .equal, 17, to: "ports")
        a.jump(if: .r7, .notEqual, 1, to: "pass")
        // ICMP: echo request (8) or reply (0), code 0; the identifier stands for the source port.
        a.load(.byte, .r5, .r2, 35)
        a.jump(if: .r5, .notEqual, 0, to: "pass")
        a.load(.byte, .r5, .r2, 34)
        a.jump(if: .r5, .equal, 8, to: "echo")
        a.jump(if: .r5, .notEqual, 0, to: "pass")
        a.label("echo")
        a.load(.half, .r5, .r2, 38)
        a.store(.half, .frame, -8, .r5)
        a.load(.half, .r5, .r2, 34)
        a.store(.half, .frame, -6, .r5)
        a.jump(to: "lookup")
        a.label("tcp")
        a.move(.r4, .r2)
        a.arithmetic(.add, .r4, 48)
        a.jump(if: .r4, .greater, .r3, to: "pass")
        a.load(.byte, .r5, .r2, 47)
        a.jump(if: .r5, .anyBitSet, 0x07, to: "pass")  // FIN, SYN or RST
        a.label("ports")
        a.load(.half, .r5, .r2, 34)
        a.store(.half, .frame, -8, .r5)
        a.load(.half, .r5, .r2, 36)
        a.store(.half, .frame, -6, .r5)
        a.label("lookup")
        a.loadMap(.r1, descriptor: map)
        a.move(.r2, .frame)
        a.arithmetic(.add, .r2, -16)
        a.call(.mapLookupElement)
        a.jump(if: .r0, .equal, 0, to: "pass")
        a.move(.r7, .r0)
        a.load(.word, .r1, .r7, Int16(FastPathEntry.arrivalOffset))
        a.load(.word, .r2, .r6, interfaceIndex)
        a.jump(if: .r1, .notEqual, .r2, to: "pass")
        a.call(.monotonicNanoseconds)
        a.load(.double, .r1, .r7, Int16(FastPathEntry.lastOrdinaryOffset))
        a.move(.r2, .r0)
        a.arithmetic(.sub, .r2, .r1)
        a.jump(if: .r2, .greater, refreshNanoseconds, to: "refresh")
        a.move(.r1, 1)
        a.atomicAdd(.r7, Int16(FastPathEntry.packetsOffset), .r1)
        // The IP packet's length, as conntrack counts it: at ingress the length includes the Ethernet header.
        a.load(.word, .r1, .r6, length)
        a.arithmetic(.sub, .r1, 14)
        a.atomicAdd(.r7, Int16(FastPathEntry.bytesOffset), .r1)
        // The helper calls made the packet pointers unusable: read them again.
        a.load(.word, .r2, .r6, data)
        a.load(.word, .r3, .r6, dataEnd)
        a.move(.r4, .r2)
        a.arithmetic(.add, .r4, 34)
        a.jump(if: .r4, .greater, .r3, to: "pass")
        a.load(.word, .r1, .r7, 4)
        a.store(.word, .r2, 0, .r1)
        a.load(.half, .r1, .r7, 8)
        a.store(.half, .r2, 4, .r1)
        a.load(.half, .r1, .r7, 10)
        a.store(.half, .r2, 6, .r1)
        a.load(.word, .r1, .r7, 12)
        a.store(.word, .r2, 8, .r1)
        // TTL one less, and the header checksum with it (the kernel's `ip_decrease_ttl`).
        a.load(.byte, .r1, .r2, 22)
        a.arithmetic(.sub, .r1, 1)
        a.store(.byte, .r2, 22, .r1)
        a.load(.half, .r1, .r2, 24)
        a.arithmetic(.add, .r1, 1)
        a.jump(if: .r1, .less, 0xffff, to: "checksum")
        a.arithmetic(.add, .r1, 1)
        a.label("checksum")
        a.store(.half, .r2, 24, .r1)
        a.load(.word, .r1, .r7, 0)
        a.move(.r2, 0)
        a.call(.redirectPeer)
        a.exit()
        a.label("refresh")
        a.store(.double, .r7, Int16(FastPathEntry.lastOrdinaryOffset), .r0)
        a.label("pass")
        a.move(.r0, pass)
        a.exit()
        return a.assembled()
    }
}
