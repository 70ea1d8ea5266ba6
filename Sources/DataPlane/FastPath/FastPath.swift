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
/// decider writes entries (``carry(_:forward:reply:)``), after the evaluator accepted a flow's first packet; review
/// deletes a flow's entries the moment its verdict changes (``forget(origin:forward:)``), and a link's go with it
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
        /// The keys written for each flow, by the router that decided it and its first direction.
        var carried: [FlowRecord: [(namespace: String, key: FastPathKey)]] = [:]
        var unavailable: String?
        /// How many flows it was given to carry, since the server started.
        var flowsCarried = 0
    }

    private struct FlowRecord: Hashable {
        let origin: String
        let forward: FastPathTuple
    }

    /// How many entries a router's map holds; the least recently used go first when it is full (their flows then go
    /// the ordinary way).
    static let capacity = 262_144
    /// `BPF_MAP_TYPE_LRU_HASH`.
    private static let mapType: UInt32 = 9

    private let state = Mutex(State())
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    /// Why the fast path is off, or nil while it is on.
    var unavailable: String? { state.withLock { $0.unavailable } }

    /// How many flows it was given to carry, since the server started (for `/_localvpc/health`).
    var flowsCarried: Int { state.withLock { $0.flowsCarried } }

    /// How many entries the routers' maps hold now.
    var entryCount: Int {
        state.withLock { state in
            state.routers.values.reduce(0) { total, router in
                total + ((try? BpfSystemCall.keys(map: router.map, keySize: FastPathKey.size).count) ?? 0)
            }
        }
    }

    /// Gives a new router its map and program.
    func addRouter(namespace: String) {
        #if os(Linux)
            state.withLock { state in
                guard state.unavailable == nil, state.routers[namespace] == nil else { return }
                do {
                    let map = try BpfSystemCall.createHashMap(
                        type: Self.mapType, keySize: FastPathKey.size, valueSize: FastPathEntry.size, capacity: Self.capacity, name: "lvpc_fast_path")
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
                state.carried = state.carried.filter { $0.key.origin != namespace }
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
                } catch {
                    state.unavailable = "\(error)"
                    logger.warning("data plane: no fast path, the routers carry every packet: \(error)")
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
                Self.deleteEntries(in: namespace, of: &state) { key, entry in key.arrival == link.index || entry.departure == link.index }
            }
        #endif
    }

    /// Writes the entries that carry an accepted flow, both ways, through each router on its path; writes nothing if
    /// any link has changed since the decision was made, or if the links on the path differ in MTU (the router answers a
    /// packet too big for the next link, as AWS does across an inter-region peering; the program never looks at
    /// lengths).
    func carry(_ hops: [Hop], forward: FastPathTuple, reply: FastPathTuple) {
        #if os(Linux)
            guard let origin = hops.first?.namespace else { return }
            let now = Self.monotonicNanoseconds()
            state.withLock { state in
                // Both entries of a router in one call: a new flow's cost is one system call per router it crosses.
                var writes: [(map: Int32, namespace: String, keys: [FastPathKey], values: [UInt8])] = []
                for hop in hops {
                    guard let router = state.routers[hop.namespace], let arrival = router.links[hop.arrivalName], arrival.index == hop.arrival,
                        let departure = router.links[hop.departureName], departure.index == hop.departure, departure.mtu == arrival.mtu
                    else { return }
                    let out = FastPathEntry(departure: departure.index, destinationMac: departure.farMac, sourceMac: departure.nearMac)
                    let back = FastPathEntry(departure: arrival.index, destinationMac: arrival.farMac, sourceMac: arrival.nearMac)
                    writes.append(
                        (
                            router.map, hop.namespace,
                            [FastPathKey(tuple: forward, arrival: arrival.index), FastPathKey(tuple: reply, arrival: departure.index)],
                            out.bytes(now: now) + back.bytes(now: now)
                        ))
                }
                var written: [(namespace: String, key: FastPathKey)] = []
                for write in writes {
                    do {
                        try BpfSystemCall.update(map: write.map, keys: write.keys.flatMap(\.bytes), values: write.values, count: write.keys.count)
                        written += write.keys.map { (write.namespace, $0) }
                    } catch {
                        logger.debug("data plane: fast-path entries were refused: \(error)")
                    }
                }
                state.carried[FlowRecord(origin: origin, forward: forward), default: []] += written
                if !written.isEmpty { state.flowsCarried += 1 }
            }
        #endif
    }

    /// Deletes the entries of a flow whose verdict changed: its packets go through the routers again, which carry
    /// them as the new verdict says.
    func forget(origin: String, forward: FastPathTuple) {
        #if os(Linux)
            state.withLock { state in
                guard let keys = state.carried.removeValue(forKey: FlowRecord(origin: origin, forward: forward)) else { return }
                for (namespace, key) in keys { Self.delete(key, in: namespace, of: &state) }
            }
        #endif
    }

    /// Packets and bytes the fast path carried in a router, by flow direction.
    func counts(namespace: String) -> [FastPathTuple: (packets: UInt64, bytes: UInt64)] {
        #if os(Linux)
            state.withLock { state in
                guard let router = state.routers[namespace] else { return [:] }
                var counts = router.retired
                for key in (try? BpfSystemCall.keys(map: router.map, keySize: FastPathKey.size)) ?? [] {
                    guard let parsed = FastPathKey(bytes: key),
                        let value = try? BpfSystemCall.lookup(map: router.map, key: key, valueSize: FastPathEntry.size)
                    else { continue }
                    let readings = FastPathEntry.readings(of: value)
                    counts[parsed.tuple, default: (0, 0)].packets += readings.packets
                    counts[parsed.tuple, default: (0, 0)].bytes += readings.bytes
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
                Self.deleteEntries(in: namespace, of: &state, retiring: false) { key, entry in
                    !live.contains(key.tuple) && entry.lastOrdinary < idleSince
                }
                if let retired = state.routers[namespace]?.retired { state.routers[namespace]?.retired = retired.filter { live.contains($0.key) } }
                state.carried = state.carried.filter { record, _ in record.origin != namespace || live.contains(record.forward) }
            }
        #endif
    }

    /// Idle time before an entry of a flow the router no longer tracks is swept.
    static let sweepAfterNanoseconds: UInt64 = 5_000_000_000

    /// Closes everything (at shutdown: the kernel would on exit anyway).
    func removeEverything() {
        for namespace in state.withLock({ Array($0.routers.keys) }) { removeRouter(namespace: namespace) }
    }

    #if os(Linux)
        private static func deleteEntries(
            in namespace: String, of state: inout State, retiring: Bool = true,
            where matches: (FastPathKey, (departure: Int32, lastOrdinary: UInt64)) -> Bool
        ) {
            guard let router = state.routers[namespace] else { return }
            for bytes in (try? BpfSystemCall.keys(map: router.map, keySize: FastPathKey.size)) ?? [] {
                guard let key = FastPathKey(bytes: bytes),
                    let value = try? BpfSystemCall.lookup(map: router.map, key: bytes, valueSize: FastPathEntry.size)
                else { continue }
                let departure = Int32(value[0]) | Int32(value[1]) << 8 | Int32(value[2]) << 16 | Int32(value[3]) << 24
                guard matches(key, (departure, FastPathEntry.readings(of: value).lastOrdinary)) else { continue }
                delete(key, in: namespace, of: &state, retiring: retiring)
            }
        }

        private static func delete(_ key: FastPathKey, in namespace: String, of state: inout State, retiring: Bool = true) {
            guard let map = state.routers[namespace]?.map else { return }
            if retiring, let value = try? BpfSystemCall.lookup(map: map, key: key.bytes, valueSize: FastPathEntry.size) {
                let readings = FastPathEntry.readings(of: value)
                state.routers[namespace]?.retired[key.tuple, default: (0, 0)].packets += readings.packets
                state.routers[namespace]?.retired[key.tuple, default: (0, 0)].bytes += readings.bytes
            }
            _ = try? BpfSystemCall.delete(map: map, key: key.bytes)
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
            let forward = FastPathTuple(conntrackOriginal: entry.original, icmpIdentifier: entry.icmpIdentifier)
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
