import Synchronization

/// One nfnetlink_queue socket bound to a queue number inside a network namespace: the packets that namespace's
/// `NFQUEUE --queue-num N` rules queue wait here for a verdict.
///
/// Raw netlink (`NETLINK_NETFILTER`), no libnetfilter_queue: one `NFQNL_MSG_CONFIG` binds the queue, asks for the
/// packets' first `copyRange` bytes (`NFQNL_COPY_PACKET`) and bounds the kernel's queue at `maxLength` packets
/// (beyond it the kernel drops them: the rules do not use `--queue-bypass`, so nothing passes undecided). The
/// socket is non-blocking: wait for it with a ``FileDescriptorWaiter``, then ``receive()`` and ``setVerdict(_:_:mark:)``.
/// A packet without a verdict stays queued; closing the queue drops every packet still waiting.
///
/// Sendable without `@unchecked`: the socket, the receive buffer and the counters live in one `Mutex`, so a verdict
/// can come from another thread than the one receiving, and ``close()`` cannot pull the descriptor from under a
/// `recv`. The lock is uncontended in the usual one-thread loop, and nothing holds it across a wait.
public final class NetfilterQueue: Sendable {
    /// What went wrong without stopping the queue.
    public struct Statistics: Sendable, Hashable {
        /// Packets received so far.
        public internal(set) var packetsReceived = 0
        /// Times `recv` reported `ENOBUFS`: the socket's buffer was full and the kernel dropped queued packets.
        public internal(set) var receiveOverflows = 0
        /// Verdicts the kernel refused (an id no longer queued, say), reported asynchronously as netlink errors.
        public internal(set) var rejectedVerdicts = 0
        /// The `errno` of the last refused verdict.
        public internal(set) var lastRejection: Int32?
    }

    /// nfnetlink_queue's numbers from `<linux/netfilter/nfnetlink_queue.h>`.
    private enum Wire {
        static let subsystem: UInt8 = 3  // NFNL_SUBSYS_QUEUE
        static let packetMessage: UInt8 = 0  // NFQNL_MSG_PACKET
        static let verdictMessage: UInt8 = 1  // NFQNL_MSG_VERDICT
        static let configMessage: UInt8 = 2  // NFQNL_MSG_CONFIG
        static let packetHeader: UInt16 = 1  // NFQA_PACKET_HDR: be32 id, be16 hw protocol, u8 hook
        static let verdictHeader: UInt16 = 2  // NFQA_VERDICT_HDR: be32 verdict, be32 id
        static let mark: UInt16 = 3  // NFQA_MARK
        static let inputInterface: UInt16 = 5  // NFQA_IFINDEX_INDEV
        static let payload: UInt16 = 10  // NFQA_PAYLOAD
        static let configCommand: UInt16 = 1  // NFQA_CFG_CMD: u8 command, u8 pad, be16 pf
        static let configParameters: UInt16 = 2  // NFQA_CFG_PARAMS: be32 copy range, u8 copy mode (packed)
        static let configQueueLength: UInt16 = 3  // NFQA_CFG_QUEUE_MAXLEN
        static let bind: UInt8 = 1  // NFQNL_CFG_CMD_BIND
        static let copyPacket: UInt8 = 2  // NFQNL_COPY_PACKET
    }

    private struct State {
        var socket: NetlinkSocket?
        var buffer: [UInt8]
        var statistics = Statistics()
    }

    /// The queue number the namespace's `NFQUEUE` rules name.
    public let queueNumber: UInt16
    /// The namespace the socket was made in, and whose packets it receives.
    public let namespace: String
    private let state: Mutex<State>

    /// Binds queue `queueNumber` of the namespace `namespace` to a new socket.
    ///
    /// - Parameters:
    ///   - copyRange: how many bytes of each packet to copy (the IP and transport headers need at most 128 with
    ///     options and extension headers).
    ///   - maxLength: how many packets the kernel holds for this queue before dropping new ones; the socket's receive
    ///     buffer is sized to hold that many.
    /// - Throws: ``KernelError`` when the namespace does not exist, or the queue is already bound (`EPERM`, to another
    ///   socket; `EBUSY`, to this one).
    public init(queueNumber: UInt16, namespace: String, copyRange: UInt32 = 128, maxLength: UInt32 = 8192) throws {
        let copied = Int(min(max(copyRange, 1), 0xFFFF))
        // Each queued packet costs the socket about its copy plus 600 bytes of netlink and skb overhead.
        let socket = try NetlinkSocket.open(namespace: namespace, receiveBufferSize: min(Int(maxLength) * (copied + 600), 256 << 20))
        do {
            var message = NetfilterNetlinkMessage(
                subsystem: Wire.subsystem, message: Wire.configMessage, flags: NetlinkMessage.acknowledge, sequence: 1, family: 0,
                resourceId: queueNumber)
            message.append(Wire.configCommand, [Wire.bind, 0, 0, 0])
            var parameters: [UInt8] = []
            parameters.appendBigEndian(UInt32(copied))
            parameters.append(Wire.copyPacket)
            message.append(Wire.configParameters, parameters)
            message.append(Wire.configQueueLength, bigEndian: maxLength)
            // A packet queued between the bind and the copy mode arrives without its bytes: send it round again.
            var early: [UInt32] = []
            try socket.exchange(
                message.bytes, sequence: 1, describedAs: "binding netfilter queue \(queueNumber) in \(namespace)",
                unrelated: { if let packet = Self.packet(in: $0) { early.append(packet.id) } })
            for id in early { try socket.send(Self.verdictMessage(queueNumber, id, .repeat, mark: nil)) }
        } catch {
            socket.close()
            throw error
        }
        self.queueNumber = queueNumber
        self.namespace = namespace
        state = Mutex(State(socket: socket, buffer: [UInt8](repeating: 0, count: copied + 1024)))
    }

    deinit {
        state.withLock { $0.socket?.close() }
    }

    /// The socket's descriptor, to wait on; -1 once closed.
    public var fileDescriptor: Int32 {
        state.withLock { $0.socket?.descriptor ?? -1 }
    }

    /// What went wrong so far without stopping the queue.
    public var statistics: Statistics {
        state.withLock { $0.statistics }
    }

    /// Reads the queued packets waiting now, up to `limit`, without waiting; empty when none is.
    ///
    /// Each `recv` returns one datagram, which may hold several messages. `ENOBUFS` (the kernel dropped packets
    /// because the socket's buffer was full) is counted in ``statistics``, not thrown: the packets still waiting
    /// are read as usual. Refused verdicts come back here too, and are counted the same way.
    public func receive(limit: Int = .max) throws -> [QueuedPacket] {
        try state.withLock { state in
            guard let socket = state.socket else { throw KernelError.closed("netfilter queue \(queueNumber) in \(namespace)") }
            var packets: [QueuedPacket] = []
            reading: while packets.count < limit {
                switch try socket.receive(into: &state.buffer) {
                case .empty: break reading
                case .overflow: state.statistics.receiveOverflows += 1
                case .datagram(let count):
                    for message in NetlinkMessage.messages(in: state.buffer[..<count]) {
                        if let packet = Self.packet(in: message) {
                            packets.append(packet)
                        } else if let errorNumber = message.errorNumber, errorNumber != 0 {
                            state.statistics.rejectedVerdicts += 1
                            state.statistics.lastRejection = errorNumber
                        }
                    }
                }
            }
            state.statistics.packetsReceived += packets.count
            return packets
        }
    }

    /// Gives the queued packet `packetId` its verdict (`NFQNL_MSG_VERDICT`), with `mark` as the packet's new mark
    /// when given (`NFQA_MARK`).
    ///
    /// No acknowledgement is awaited: the kernel applies the verdict during `send`, and reports a refusal later
    /// (see ``Statistics/rejectedVerdicts``).
    public func setVerdict(_ packetId: UInt32, _ verdict: NetfilterVerdict, mark: UInt32? = nil) throws {
        let message = Self.verdictMessage(queueNumber, packetId, verdict, mark: mark)
        try state.withLock { state in
            guard let socket = state.socket else { throw KernelError.closed("netfilter queue \(queueNumber) in \(namespace)") }
            try socket.send(message)
        }
    }

    /// One packet's verdict, for ``setVerdicts(_:)``.
    public struct Verdict: Sendable, Hashable {
        public var packetId: UInt32
        public var verdict: NetfilterVerdict
        /// The packet's new mark (`NFQA_MARK`); nil keeps it.
        public var mark: UInt32?

        public init(packetId: UInt32, verdict: NetfilterVerdict, mark: UInt32? = nil) {
            self.packetId = packetId
            self.verdict = verdict
            self.mark = mark
        }
    }

    /// Gives several queued packets their verdicts in one `send`: one datagram holding one `NFQNL_MSG_VERDICT` each,
    /// which the kernel applies in order (a refused one is reported like a refused ``setVerdict(_:_:mark:)``, and
    /// the others still apply). One system call instead of one per packet, for a batch just received.
    public func setVerdicts(_ verdicts: [Verdict]) throws {
        guard !verdicts.isEmpty else { return }
        var datagram: [UInt8] = []
        datagram.reserveCapacity(verdicts.count * 40)
        for verdict in verdicts {
            datagram += Self.verdictMessage(queueNumber, verdict.packetId, verdict.verdict, mark: verdict.mark)
        }
        try state.withLock { state in
            guard let socket = state.socket else { throw KernelError.closed("netfilter queue \(queueNumber) in \(namespace)") }
            try socket.send(datagram)
        }
    }

    /// Closes the socket, which unbinds the queue: the kernel drops the packets still waiting for a verdict, and
    /// those queued afterwards (until another socket binds it). Closing twice does nothing.
    public func close() {
        state.withLock { state in
            state.socket?.close()
            state.socket = nil
        }
    }

    private static func verdictMessage(_ queueNumber: UInt16, _ packetId: UInt32, _ verdict: NetfilterVerdict, mark: UInt32?) -> [UInt8] {
        var message = NetfilterNetlinkMessage(
            subsystem: Wire.subsystem, message: Wire.verdictMessage, flags: 0, sequence: 0, family: 0, resourceId: queueNumber)
        var header: [UInt8] = []
        header.appendBigEndian(verdict.rawValue)
        header.appendBigEndian(packetId)
        message.append(Wire.verdictHeader, header)
        if let mark { message.append(Wire.mark, bigEndian: mark) }
        return message.bytes
    }

    /// The packet an `NFQNL_MSG_PACKET` message carries; nil for any other message.
    private static func packet(in message: NetlinkMessage) -> QueuedPacket? {
        guard message.type == UInt16(Wire.subsystem) << 8 | UInt16(Wire.packetMessage) else { return nil }
        var packet = QueuedPacket(id: 0, inputInterfaceIndex: nil, mark: 0, payload: [])
        var hasHeader = false
        for attribute in message.netfilterAttributes {
            switch attribute.type {
            case Wire.packetHeader:
                guard let id = attribute.value.bigEndianInteger(at: 0, as: UInt32.self) else { return nil }
                packet.id = id
                hasHeader = true
            case Wire.mark: packet.mark = attribute.value.bigEndianInteger(at: 0) ?? 0
            case Wire.inputInterface: packet.inputInterfaceIndex = attribute.value.bigEndianInteger(at: 0)
            case Wire.payload: packet.payload = Array(attribute.value)
            default: break
            }
        }
        return hasHeader ? packet : nil
    }
}
