public import CloudModel
import Dispatch
public import Foundation
public import Logging
import Reachability
public import ServiceLifecycle
import Synchronization

/// What the data plane needs of the cloud: the state, its change feed, and a way to say an instance has booted.
public protocol DataPlaneCloud: Sendable {
    func snapshot() -> CloudState
    func changes() -> AsyncStream<CommittedBatch>
    func now() -> Date
    /// Makes the instances `running` that are still `pending`.
    func markInstancesRunning(_ ids: [String]) async
}

/// The data plane as a service beside the HTTP server: follows the change feed, keeps the host's namespaces and
/// links matching the state, and decides each new flow with the evaluator.
///
/// At start it removes what an earlier run of this server left (even after `kill -9`) and builds the namespaces of
/// the instances that are running; at shutdown it removes everything it made.
public final class DataPlaneService: Service, Sendable {
    private let cloud: any DataPlaneCloud
    private let logger: Logger
    private let ownership: NamespaceOwnership
    private let internetNamespace: String
    /// Everything that touches the host runs here, one thing at a time, off the HTTP event loops.
    private let queue = DispatchQueue(label: "localvpc.data-plane")
    private let status = Mutex(Status())

    struct Status {
        var running = false
        var instances = 0
        var routers = 0
        var problem: String?
    }

    /// - Parameters:
    ///   - port: the server's port, naming its internet namespace (`lvpc-internet-PORT`).
    ///   - stateKey: what names this server's state (its folder, or "memory"), with the port, in ownership records.
    public init(cloud: any DataPlaneCloud, port: Int, stateKey: String, logger: Logger) {
        self.cloud = cloud
        self.logger = logger
        self.internetNamespace = DataPlaneNames.internet(port: port)
        self.ownership = NamespaceOwnership(key: "port=\(port) state=\(stateKey)")
    }

    /// Why the data plane cannot run here, or nil when it can (Linux, as root).
    public static var unavailableReason: String? {
        #if os(Linux)
            return geteuid() == 0 ? nil : "it needs root (network namespaces)"
        #else
            return "it needs Linux (network namespaces)"
        #endif
    }

    /// For `/_localvpc/health`.
    public var health: [String: any Sendable] {
        let status = status.withLock { $0 }
        var report: [String: any Sendable] = ["enabled": status.running, "instances": status.instances, "routers": status.routers]
        if let problem = status.problem { report["problem"] = problem }
        return report
    }

    public func run() async throws {
        let decider = try FlowDecider(logger: logger)
        let reconciler = TopologyReconciler(internetNamespace: internetNamespace, ownership: ownership, logger: logger)
        let follower = Follower(reconciler: reconciler, decider: decider, logger: logger)
        let thread = Thread { decider.run() }
        thread.name = "localvpc.flow-decider"
        thread.start()
        let changes = cloud.changes()
        await onQueue { self.removeLeftovers() }
        status.withLock { $0.running = true }
        logger.info("data plane on: instances are network namespaces, each new flow decided by the evaluator")
        await follow(follower)
        await cancelWhenGracefulShutdown {
            for await _ in changes {
                await self.follow(follower)
            }
        }
        await onQueue {
            for namespace in follower.openRouters { decider.close(namespace: namespace) }
            follower.reconciler.removeEverything()
        }
        decider.stop()
        status.withLock { $0.running = false }
    }

    /// Brings the host to the state now, re-decides live flows, and reports booted instances as running.
    private func follow(_ follower: Follower) async {
        let state = cloud.snapshot()
        let now = cloud.now()
        let booted = await onQueue { follower.follow(state, at: now) }
        status.withLock {
            $0.instances = follower.reconciler.hosts.count
            $0.routers = follower.reconciler.routers.count
        }
        let pending = booted.filter { id in state.regions.values.contains { $0.instances[id]?.state == .pending } }
        if !pending.isEmpty { await cloud.markInstancesRunning(pending) }
    }

    private func removeLeftovers() {
        for namespace in ownership.leftovers(among: NetworkNamespace.names()) {
            logger.info("data plane: removing \(namespace), left by an earlier run")
            try? NetworkNamespace.delete(namespace)
            ownership.release(namespace)
        }
    }

    private func onQueue<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in queue.async { continuation.resume(returning: work()) } }
    }
}

/// The data plane's state between changes; used on its queue only.
private final class Follower: @unchecked Sendable {
    // @unchecked: every use is on DataPlaneService's serial queue.
    let reconciler: TopologyReconciler
    let decider: FlowDecider
    let logger: Logger
    private(set) var openRouters: Set<String> = []

    init(reconciler: TopologyReconciler, decider: FlowDecider, logger: Logger) {
        self.reconciler = reconciler
        self.decider = decider
        self.logger = logger
    }

    /// Returns the instances whose namespaces were made now.
    func follow(_ state: CloudState, at now: Date) -> [String] {
        let topology = DataPlaneTopology(state: state, at: now)
        // A router's queues keep its namespace alive: close them before the router goes.
        for namespace in openRouters.subtracting(topology.routers.values.map(\.namespace)) {
            decider.close(namespace: namespace)
            openRouters.remove(namespace)
        }
        let booted = reconciler.apply(topology)
        let namespaces = Set(reconciler.routers.values.map(\.namespace))
        for namespace in openRouters.subtracting(namespaces) { decider.close(namespace: namespace) }
        for namespace in namespaces.subtracting(openRouters) {
            do {
                try decider.open(namespace: namespace)
            } catch {
                logger.error("data plane: could not open the queues of \(namespace): \(error)")
                continue
            }
            openRouters.insert(namespace)
        }
        openRouters.formIntersection(namespaces)
        let evaluator = Evaluator(state: state, scope: AccountRegion(account: AccountRegion.defaultAccount, region: "us-east-1"), at: now)
        var views: [String: RouterView] = [:]
        for router in reconciler.routers.values {
            views[router.namespace] = RouterView(router: router, indexes: reconciler.indexes[router.vpcId]?.byName ?? [:])
        }
        decider.update(evaluator: evaluator, views: views)
        for view in views.values { _ = FlowReview.review(view, evaluator: evaluator, logger: logger) }
        return booted
    }
}
