import Addressing
import Dispatch
import Logging
import Reachability
import Synchronization

/// Answers the first packet of every flow with the evaluator's verdict: reads the routers' queues on threads of its own
/// (blocking reads stay off the HTTP event loops) and returns each packet with its flow's mark, or drops it.
///
/// One loop per queue number, each on its own thread, serving that queue of every router: the queue rules spread new
/// flows over the queues by the CPU that received them (`--queue-cpu-fanout`), so flows arriving on different CPUs
/// are decided at once. That matters because a verdict is where the kernel carries the packet on: the `send` that
/// returns it forwards it through both routers, and whatever it sets off on the way (the answer, the handshake's
/// next packet) runs there too. A loop reads up to ``batchSize`` packets and returns their verdicts in one `send`.
///
/// The reconciler opens a router's queues when it makes the router and retires them when it removes it; the state
/// the verdicts come from is swapped in whole after each change of the cloud.
final class FlowDecider: Sendable {
    /// What one loop has to do between waits.
    private struct Loop {
        /// Queues of removed routers, for the loop to close (it may be reading them now).
        var retired: [NetfilterQueue] = []
        /// Signalled once the retired queues are closed.
        var closed: [DispatchSemaphore] = []
        /// Set by the loop as it ends: from then on, whoever retires one of its queues closes it.
        var stopped = false
    }

    private struct Shared {
        var evaluator: Evaluator?
        var views: [String: RouterView] = [:]
        var queues: [Int32: (queue: NetfilterQueue, namespace: String)] = [:]
        var loops: [Loop]
        var stopping = false
        var accepted = 0
        var dropped = 0
    }

    /// How many packets a loop reads before answering them.
    static let batchSize = 64

    private let shared: Mutex<Shared>
    /// One per loop, woken when its queues change and at shutdown.
    private let waiters: [FileDescriptorWaiter]
    private let logger: Logger
    /// Where dropped first packets go for flow logs.
    private let rejections: FlowRejections
    /// Where accepted flows are written for the kernel to carry past the routers' stacks.
    private let fastPath: FastPath?

    init(logger: Logger, rejections: FlowRejections = FlowRejections(), fastPath: FastPath? = nil) throws {
        self.rejections = rejections
        self.fastPath = fastPath
        waiters = try (0..<RouterRuleset.queueCount).map { _ in try FileDescriptorWaiter() }
        shared = Mutex(Shared(loops: Array(repeating: Loop(), count: RouterRuleset.queueCount)))
        self.logger = logger
    }

    /// The queue numbers, one loop (``run(queueNumber:)``) each.
    var queueNumbers: Range<Int> { 0..<waiters.count }

    /// How many flows were accepted and dropped so far.
    var counts: (accepted: Int, dropped: Int) { shared.withLock { ($0.accepted, $0.dropped) } }

    /// Opens the queues of a router that was just made.
    func open(namespace: String) throws {
        var opened: [NetfilterQueue] = []
        for number in queueNumbers {
            opened.append(try NetfilterQueue(queueNumber: UInt16(number), namespace: namespace))
        }
        shared.withLock { shared in
            for queue in opened { shared.queues[queue.fileDescriptor] = (queue, namespace) }
        }
        for waiter in waiters { waiter.wake() }
    }

    /// Closes the queues of a router about to be removed, and returns once they are closed: a queue's socket keeps
    /// its namespace (and the links in it) alive. Each loop closes its own queues, so none reads a closed socket.
    func close(namespace: String) {
        let done = DispatchSemaphore(value: 0)
        let (handedOver, closeNow) = shared.withLock { shared in
            var handedOver: Set<Int> = []
            var closeNow: [NetfilterQueue] = []
            for (descriptor, entry) in shared.queues where entry.namespace == namespace {
                shared.queues[descriptor] = nil
                let number = Int(entry.queue.queueNumber)
                if shared.loops[number].stopped {
                    closeNow.append(entry.queue)
                } else {
                    shared.loops[number].retired.append(entry.queue)
                    handedOver.insert(number)
                }
            }
            for number in handedOver { shared.loops[number].closed.append(done) }
            return (handedOver, closeNow)
        }
        for queue in closeNow { queue.close() }
        for number in handedOver { waiters[number].wake() }
        for _ in handedOver { done.wait() }
    }

    /// The state verdicts come from from now on.
    func update(evaluator: Evaluator, views: [String: RouterView]) {
        shared.withLock { shared in
            shared.evaluator = evaluator
            shared.views = views
        }
        fastPath?.stateChanged()
    }

    func stop() {
        shared.withLock { $0.stopping = true }
        for waiter in waiters { waiter.wake() }
    }

    /// The loop of queue `queueNumber` in every router: runs until `stop()`.
    func run(queueNumber: Int) {
        let waiter = waiters[queueNumber]
        while true {
            let (descriptors, retired, closed, stopping) = shared.withLock { shared in
                defer {
                    shared.loops[queueNumber].retired = []
                    shared.loops[queueNumber].closed = []
                }
                let descriptors = shared.queues.filter { $0.value.queue.queueNumber == queueNumber }.map(\.key)
                return (descriptors, shared.loops[queueNumber].retired, shared.loops[queueNumber].closed, shared.stopping)
            }
            for queue in retired { queue.close() }
            for waiting in closed { waiting.signal() }
            if stopping { break }
            let ready: [Int32]
            do {
                ready = try waiter.wait(on: descriptors, timeoutMilliseconds: 1000)
            } catch {
                logger.error("data plane: waiting for packets failed: \(error)")
                continue
            }
            for descriptor in ready { serve(descriptor) }
        }
        let (queues, closed) = shared.withLock { shared in
            let mine = shared.queues.filter { $0.value.queue.queueNumber == queueNumber }
            for descriptor in mine.keys { shared.queues[descriptor] = nil }
            defer {
                shared.loops[queueNumber].retired = []
                shared.loops[queueNumber].closed = []
                shared.loops[queueNumber].stopped = true
            }
            return (mine.values.map(\.queue) + shared.loops[queueNumber].retired, shared.loops[queueNumber].closed)
        }
        for queue in queues { queue.close() }
        for waiting in closed { waiting.signal() }
    }

    private func serve(_ descriptor: Int32) {
        // Read before the evaluator: a decision from a state that changed meanwhile is not given to the fast path.
        let generation = fastPath?.generation ?? 0
        guard
            let (queue, evaluator, view, views) = shared.withLock({ shared in
                shared.queues[descriptor].map { entry in (entry.queue, shared.evaluator, shared.views[entry.namespace], shared.views) }
            })
        else { return }
        let packets: [QueuedPacket]
        do {
            packets = try queue.receive(limit: Self.batchSize)
        } catch {
            logger.debug("data plane: reading a queue failed: \(error)")
            return
        }
        if packets.isEmpty { return }
        var verdicts: [NetfilterQueue.Verdict] = []
        verdicts.reserveCapacity(packets.count)
        var accepted = 0
        var carried: [(hops: [FastPath.Hop], forward: FastPathTuple, reply: FastPathTuple)] = []
        let recording = rejections.isRecording
        for packet in packets {
            let (mark, verdict, header) = decide(packet, evaluator: evaluator, view: view)
            if let mark {
                verdicts.append(.init(packetId: packet.id, verdict: .accept, mark: mark.rawValue))
                accepted += 1
                if fastPath != nil, let verdict, let view, let header, let directions = FastPathTuple.directions(ofFirstPacket: packet.payload),
                    let hops = FlowDecision.fastPathHops(for: verdict, mark: mark, destination: header.destination, in: view, routers: views)
                {
                    carried.append((hops, directions.forward, directions.reply))
                }
            } else {
                verdicts.append(.init(packetId: packet.id, verdict: .drop))
                if recording, let view, let header, let index = packet.inputInterfaceIndex {
                    rejections.record(
                        .init(
                            namespace: view.namespace, arrival: Int32(index), header: header, bytes: header.totalLength(of: packet.payload),
                            blockedAt: verdict?.blockedAt))
                }
            }
        }
        do {
            try queue.setVerdicts(verdicts)
        } catch {
            logger.debug("data plane: verdicts failed: \(error)")
        }
        // After the verdicts, which send the first packets on: until a flow's entries are written, the routers carry it.
        for flow in carried { fastPath?.carry(flow.hops, forward: flow.forward, reply: flow.reply, decidedIn: generation) }
        shared.withLock { shared in
            shared.accepted += accepted
            shared.dropped += packets.count - accepted
        }
    }

    private func decide(_ packet: QueuedPacket, evaluator: Evaluator?, view: RouterView?) -> (FlowMark?, FlowVerdict?, IPPacketHeader?) {
        guard let evaluator, let view, let index = packet.inputInterfaceIndex, let header = IPPacketHeader(bytes: packet.payload),
            let origin = FlowDecision.origin(of: Int32(index), in: view)
        else { return (nil, nil, nil) }
        let verdict = evaluator.decide(header.flowPacket, from: origin)
        return (FlowDecision.mark(for: verdict, in: view, arrival: Int32(index)), verdict, header)
    }
}

extension IPPacketHeader {
    /// The whole packet's length, from its IP header (the queue copies only the first bytes of each packet).
    func totalLength(of bytes: [UInt8]) -> Int {
        guard bytes.count >= 6 else { return bytes.count }
        return source.isIPv6 ? 40 + (Int(bytes[4]) << 8 | Int(bytes[5])) : Int(bytes[2]) << 8 | Int(bytes[3])
    }

    /// The evaluator's view of the packet.
    var flowPacket: FlowPacket {
        FlowPacket(source: source, destination: destination, ipProtocol: ipProtocol, sourcePort: sourcePort, destinationPort: destinationPort)
    }
}
