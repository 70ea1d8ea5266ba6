import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Carries the packets of accepted flows past the routers' IP stacks, in the kernel (`FastPathProgram`), the way the
/// routers would have carried them: a cache of the routers' forwarding, never a second decider.
///
/// Each router namespace gets a map and the program at the ingress of its instance and peering links. Only the flow
/// decider writes entries (``carry(_:forward:reply:decidedIn:)``), after the evaluator accepted a flow's first packet;
/// review deletes a flow's entries the moment its verdict changes (``forget(_:)``), and a link's go with it
/// (``detach(namespace:link:)``). Entries whose flow the router no longer tracks are swept (``sweep(namespace:live:)``).
///
/// When the kernel refuses any of it (no BPF, no tcx before Linux 6.6), the fast path stays off and the routers carry
/// everything, as they did before it.
final class FastPath: Sendable {
    /// One step of a flow through a router: in by `arrival`, out by `departure` (indexes and names, which must still
    /// name the same links when the entry is written).
    struct Hop: Sendable, Hashable {
        let namespace: String
        let arrival: Int32
        let arrivalName: String
        let departure: Int32
        let departureName: String
    }

    private struct Link {
        let index: Int32
        let mtu: Int
        let nearMac: [UInt8]
        let farMac: [UInt8]
        let attachment: Int32
    }

    private struct Router {
        let map: Int32
        let program: Int32
        var links: [String: Link] = [:]
        /// Packets and bytes of entries deleted while their flow may live on, so flow logs never count backwards.
        var retired: [FastPathTuple: (packets: UInt64, bytes: UInt64)] = [:]
    }

    private struct State {
        var routers: [String: Router] = [:]
        var unavailable: String?
        /// Which state the verdicts come from: a decision made before the last change is not written.
        var generation = 0
        /// How many flows it was given to carry, since the server started.
        var flowsCarried = 0
    }

    /// How many entries a router's map holds; the least recently used go first when it is full (their flows then go
    /// the ordinary way).
    static let capacity = 262_144
    /// Idle time before an entry of a flow the router no longer tracks is swept.
    static let sweepAfterNanoseconds: UInt64 = 5_000_000_000

    private let state = Mutex(State())
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    /// Why the fast path is off, or nil while it is on.
    var unavailable: String? { state.withLock { $0.unavailable } }

    /// How many flows it was given to carry, since the server started (for `/_localvpc/health`).
    var flowsCarried: Int { state.withLock { $0.flowsCarried } }

    /// Which state the verdicts come from; read before the evaluator a decision is made with.
    var generation: Int { state.withLock { $0.generation } }

    /// The verdicts come from a new state from now on: decisions made before are not written.
    func stateChanged() {
        state.withLock { $0.generation += 1 }
    }

    /// How many entries the routers' maps hold now.
    var entryCount: Int {
        #if os(Linux)
            state.withLock { state in state.routers.values.reduce(0) { $0 + Self.entries(of: $1).count } }
        #else
            0
        #endif
    }

    /// Gives a new router its map and program.
    func addRouter(namespace: String) {
        #if os(Linux)
            state.withLock { state in
                guard state.unavailable == nil, state.routers[namespace] == nil else { return }
                do {
                    let map = try BpfSystemCall.createMap(
                        type: BpfSystemCall.leastRecentlyUsedHashMap, keySize: FastPathTuple.keySize, valueSize: FastPathEntry.size,
                        capacity: Self.capacity,
                        name: "lvpc_fast_path")
                    do {
                        let program = try BpfSystemCall.loadProgram(FastPathProgram.instructions(map: map), name: "lvpc_fast_path")
                        state.routers[namespace] = Router(map: map, program: program)
                    } catch {
                        close(map)
                        throw error
                    }
                } catch {
                    state.unavailable = "\(error)"
                    logger.warning("data plane: no fast path, the routers carry every packet: \(error)")
                }
            }
        #endif
    }

    func removeRouter(namespace: String) {
        #if os(Linux)
            state.withLock { state in
                guard let router = state.routers.removeValue(forKey: namespace) else { return }
                for link in router.links.values { close(link.attachment) }
                close(router.program)
                close(router.map)
            }
        #endif
    }

    /// Puts the program at the ingress of a router's link (`nearMac` its router end's MAC, `farMac` the other end's).
    func attach(namespace: String, link name: String, index: Int32, mtu: Int, nearMac: String, farMac: String) {
        #if os(Linux)
            state.withLock { state in
                guard state.unavailable == nil, let router = state.routers[namespace], router.links[name] == nil,
                    let near = FastPathEntry.macBytes(nearMac), let far = FastPathEntry.macBytes(farMac)
                else { return }
                do {
                    let attachment = try NetworkNamespace.withEntered(namespace) {
                        try BpfSystemCall.attachIngress(program: router.program, linkIndex: index)
                    }
                    state.routers[namespace]?.links[name] = Link(index: index, mtu: mtu, nearMac: near, farMac: far, attachment: attachment)
                } catch let error as KernelError where error.errorNumber.map(Self.meansUnsupported) ?? true {
                    state.unavailable = "\(error)"
                    logger.warning("data plane: no fast path, the routers carry every packet: \(error)")
                } catch {
                    // This link only (gone meanwhile, say): the router carries its flows.
                    logger.warning("data plane: the fast path is not on \(name) in \(namespace): \(error)")
                }
            }
        #endif
    }

    /// Takes the program off a link that is going, with every entry that comes in or goes out by it.
    func detach(namespace: String, link name: String) {
        #if os(Linux)
            state.withLock { state in
                guard let link = state.routers[namespace]?.links.removeValue(forKey: name) else { return }
                close(link.attachment)
                Self.deleteEntries(in: namespace, of: &state) { _, entry in entry.arrival == link.index || entry.departure == link.index }
            }
        #endif
    }

    /// Writes the entries that carry an accepted flow, both ways, through each router on its path. Writes nothing if
    /// the state changed since the decision (`generation`, read before the decision's evaluator), if any link has
    /// changed, or if the links on the path differ in MTU (the router answers a packet too big for the next link, as
    /// AWS does across an inter-region peering; the program never looks at lengths).
    func carry(_ hops: [Hop], forward: FastPathTuple, reply: FastPathTuple, decidedIn generation: Int) {
        #if os(Linux)
            let now = Self.monotonicNanoseconds()
            state.withLock { state in
                guard state.generation == generation else { return }
                // Both entries of a router in one call: a new flow's cost is one system call per router it crosses.
                var writes: [(map: Int32, values: [UInt8])] = []
                for hop in hops {
                    guard let router = state.routers[hop.namespace], let arrival = router.links[hop.arrivalName], arrival.index == hop.arrival,
                        let departure = router.links[hop.departureName], departure.index == hop.departure, departure.mtu == arrival.mtu
                    else { return }
                    let out = FastPathEntry(
                        departure: departure.index, destinationMac: departure.farMac, sourceMac: departure.nearMac, arrival: arrival.index)
                    let back = FastPathEntry(
                        departure: arrival.index, destinationMac: arrival.farMac, sourceMac: arrival.nearMac, arrival: departure.index)
                    writes.append((router.map, out.bytes(now: now) + back.bytes(now: now)))
                }
                let keys = forward.key + reply.key
                var written = false
                for write in writes {
                    do {
                        try BpfSystemCall.update(map: write.map, keys: keys, values: write.values, count: 2)
                        written = true
                    } catch {
                        logger.debug("data plane: fast-path entries were refused: \(error)")
                    }
                }
                if written { state.flowsCarried += 1 }
            }
        #endif
    }

    /// Deletes the entries of a flow, both ways, in every router: its verdict changed, and its packets go through the
    /// routers again, which carry them as the new verdict says.
    func forget(_ forward: FastPathTuple) {
        #if os(Linux)
            state.withLock { state in
                for namespace in state.routers.keys {
                    Self.delete(forward, in: namespace, of: &state)
                    Self.delete(forward.reversed, in: namespace, of: &state)
                }
            }
        #endif
    }

    /// Packets and bytes the fast path carried in a router, by flow direction.
    func counts(namespace: String) -> [FastPathTuple: (packets: UInt64, bytes: UInt64)] {
        #if os(Linux)
            state.withLock { state in
                guard let router = state.routers[namespace] else { return [:] }
                var counts = router.retired
                for (key, value) in Self.entries(of: router) {
                    guard let tuple = FastPathTuple(key: key) else { continue }
                    let readings = FastPathEntry.readings(of: value)
                    counts[tuple, default: (0, 0)].packets += readings.packets
                    counts[tuple, default: (0, 0)].bytes += readings.bytes
                }
                return counts
            }
        #else
            [:]
        #endif
    }

    /// Deletes the entries of flows the router no longer tracks (`live`: both directions of every conntrack entry),
    /// once they have been idle long enough that their flow cannot be one being decided right now.
    func sweep(namespace: String, live: Set<FastPathTuple>) {
        #if os(Linux)
            let idleSince = Self.monotonicNanoseconds() &- Self.sweepAfterNanoseconds
            state.withLock { state in
                Self.deleteEntries(in: namespace, of: &state, retiring: false) { tuple, entry in
                    !live.contains(tuple) && entry.lastOrdinary < idleSince
                }
                if let retired = state.routers[namespace]?.retired { state.routers[namespace]?.retired = retired.filter { live.contains($0.key) } }
            }
        #endif
    }

    /// Closes everything (at shutdown: the kernel would on exit anyway).
    func removeEverything() {
        for namespace in state.withLock({ Array($0.routers.keys) }) { removeRouter(namespace: namespace) }
    }

    #if os(Linux)
        /// Whether a refused attachment says the kernel cannot do it at all (no tcx before Linux 6.6, no BPF for us).
        private static func meansUnsupported(_ errorNumber: Int32) -> Bool {
            [EINVAL, EPERM, ENOSYS, EOPNOTSUPP].contains(errorNumber)
        }

        private static func entries(of router: Router) -> [(key: [UInt8], value: [UInt8])] {
            (try? BpfSystemCall.entries(map: router.map, keySize: FastPathTuple.keySize, valueSize: FastPathEntry.size)) ?? []
        }

        private static func deleteEntries(
            in namespace: String, of state: inout State, retiring: Bool = true, where matches: (FastPathTuple, FastPathEntry.Readings) -> Bool
        ) {
            guard let router = state.routers[namespace] else { return }
            for (key, value) in entries(of: router) {
                guard let tuple = FastPathTuple(key: key), matches(tuple, FastPathEntry.readings(of: value)) else { continue }
                delete(tuple, in: namespace, of: &state, retiring: retiring)
            }
        }

        private static func delete(_ tuple: FastPathTuple, in namespace: String, of state: inout State, retiring: Bool = true) {
            guard let map = state.routers[namespace]?.map,
                let value = try? BpfSystemCall.lookup(map: map, key: tuple.key, valueSize: FastPathEntry.size)
            else { return }
            if retiring {
                let readings = FastPathEntry.readings(of: value)
                state.routers[namespace]?.retired[tuple, default: (0, 0)].packets += readings.packets
                state.routers[namespace]?.retired[tuple, default: (0, 0)].bytes += readings.bytes
            }
            _ = try? BpfSystemCall.delete(map: map, key: tuple.key)
        }

        private static func monotonicNanoseconds() -> UInt64 {
            var time = timespec()
            clock_gettime(CLOCK_MONOTONIC, &time)
            return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
        }
    #endif
}

extension FastPath {
    /// A router's conntrack entries with what the fast path carried of each flow added to their counters (the
    /// packets it carried never reached conntrack), for flow logs.
    func addingCarried(to entries: [Conntrack.Entry], namespace: String) -> [Conntrack.Entry] {
        let counts = counts(namespace: namespace)
        guard !counts.isEmpty else { return entries }
        return entries.map { entry in
            guard let forward = FastPathTuple(conntrackOriginal: entry.original, icmpIdentifier: entry.icmpIdentifier) else { return entry }
            var entry = entry
            if let carried = counts[forward] {
                entry.counters.originalPackets += carried.packets
                entry.counters.originalBytes += carried.bytes
            }
            if let carried = counts[forward.reversed] {
                entry.counters.replyPackets += carried.packets
                entry.counters.replyBytes += carried.bytes
            }
            return entry
        }
    }
}
