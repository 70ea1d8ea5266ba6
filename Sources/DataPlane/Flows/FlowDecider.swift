import Addressing
import Dispatch
import Logging
import Reachability
import Synchronization

/// Answers the first packet of every flow with the evaluator's verdict: reads every router's queues on one thread of
/// its own (blocking reads stay off the HTTP event loops) and returns each packet with its flow's mark, or drops it.
///
/// The reconciler opens a router's queues when it makes the router and retires them when it removes it; the state
/// the verdicts come from is swapped in whole after each change of the cloud.
final class FlowDecider: Sendable {
    private struct Shared {
        var evaluator: Evaluator?
        var views: [String: RouterView] = [:]
        var queues: [Int32: (queue: NetfilterQueue, namespace: String)] = [:]
        var retired: [NetfilterQueue] = []
        var stopping = false
        /// Set by the loop as it ends: from then on, whoever retires a queue closes it.
        var stopped = false
        /// Signalled once the retired queues are closed.
        var closed: [DispatchSemaphore] = []
        var accepted = 0
        var dropped = 0
    }

    private let shared = Mutex(Shared())
    private let waiter: FileDescriptorWaiter
    private let logger: Logger

    init(logger: Logger) throws {
        waiter = try FileDescriptorWaiter()
        self.logger = logger
    }

    /// How many flows were accepted and dropped so far.
    var counts: (accepted: Int, dropped: Int) { shared.withLock { ($0.accepted, $0.dropped) } }

    /// Opens the queues of a router that was just made.
    func open(namespace: String) throws {
        var opened: [NetfilterQueue] = []
        for number in 0..<RouterRuleset.queueCount {
            opened.append(try NetfilterQueue(queueNumber: UInt16(number), namespace: namespace))
        }
        shared.withLock { shared in
            for queue in opened { shared.queues[queue.fileDescriptor] = (queue, namespace) }
        }
        waiter.wake()
    }

    /// Closes the queues of a router about to be removed, and returns once they are closed: a queue's socket keeps
    /// its namespace (and the links in it) alive. The decider's thread closes them, so it never reads a closed socket.
    func close(namespace: String) {
        let done = DispatchSemaphore(value: 0)
        let handedOver = shared.withLock { shared in
            for (descriptor, entry) in shared.queues where entry.namespace == namespace {
                shared.queues[descriptor] = nil
                shared.retired.append(entry.queue)
            }
            guard !shared.stopped else { return false }
            shared.closed.append(done)
            return true
        }
        guard handedOver else {
            for queue in shared.withLock({ s in
                defer { s.retired = [] }; return s.retired
            }) { queue.close() }
            return
        }
        waiter.wake()
        done.wait()
    }

    /// The state verdicts come from from now on.
    func update(evaluator: Evaluator, views: [String: RouterView]) {
        shared.withLock { shared in
            shared.evaluator = evaluator
            shared.views = views
        }
    }

    func stop() {
        shared.withLock { $0.stopping = true }
        waiter.wake()
    }

    /// The decider's loop: runs until `stop()`.
    func run() {
        while true {
            let (descriptors, retired, closed, stopping) = shared.withLock { shared in
                defer {
                    shared.retired = []
                    shared.closed = []
                }
                return (Array(shared.queues.keys), shared.retired, shared.closed, shared.stopping)
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
            defer {
                shared.queues = [:]
                shared.retired = []
                shared.closed = []
                shared.stopped = true
            }
            return (shared.queues.values.map(\.queue) + shared.retired, shared.closed)
        }
        for queue in queues { queue.close() }
        for waiting in closed { waiting.signal() }
    }

    private func serve(_ descriptor: Int32) {
        guard
            let (queue, evaluator, view) = shared.withLock({ shared in
                shared.queues[descriptor].map { entry in (entry.queue, shared.evaluator, shared.views[entry.namespace]) }
            })
        else { return }
        let packets: [QueuedPacket]
        do {
            packets = try queue.receive()
        } catch {
            logger.debug("data plane: reading a queue failed: \(error)")
            return
        }
        var accepted = 0
        for packet in packets {
            let mark = decide(packet, evaluator: evaluator, view: view)
            do {
                if let mark {
                    try queue.setVerdict(packet.id, .accept, mark: mark.rawValue)
                    accepted += 1
                } else {
                    try queue.setVerdict(packet.id, .drop)
                }
            } catch {
                logger.debug("data plane: a verdict failed: \(error)")
            }
        }
        shared.withLock { shared in
            shared.accepted += accepted
            shared.dropped += packets.count - accepted
        }
    }

    private func decide(_ packet: QueuedPacket, evaluator: Evaluator?, view: RouterView?) -> FlowMark? {
        guard let evaluator, let view, let index = packet.inputInterfaceIndex, let header = IPPacketHeader(bytes: packet.payload),
            let origin = FlowDecision.origin(of: Int32(index), in: view)
        else { return nil }
        let verdict = evaluator.decide(header.flowPacket, from: origin)
        return FlowDecision.mark(for: verdict, in: view, arrival: Int32(index))
    }
}

extension IPPacketHeader {
    /// The evaluator's view of the packet.
    var flowPacket: FlowPacket {
        FlowPacket(source: source, destination: destination, ipProtocol: ipProtocol, sourcePort: sourcePort, destinationPort: destinationPort)
    }
}
