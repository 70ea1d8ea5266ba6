import Addressing
public import CloudModel
import Dispatch
public import Foundation
public import Logging
import Reachability
public import ServiceLifecycle
import Synchronization
import ThreadScheduling

/// What the data plane needs of the cloud: the state, its change feed, and a way to say an instance has booted.
public protocol DataPlaneCloud: Sendable {
    func snapshot() -> CloudState
    /// The version of the state now (the change feed's last batch): read before a snapshot, what the snapshot holds.
    var stateVersion: UInt64 { get }
    func changes() -> AsyncStream<CommittedBatch>
    func now() -> Date
    /// Makes the instances `running` that are still `pending`.
    func markInstancesRunning(_ ids: [String]) async
    /// Adds to an instance's console output (GetConsoleOutput); `ranUserData` records that its user data has run.
    func appendConsoleOutput(_ text: String, to instanceId: String, ranUserData: Bool) async
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
    /// The flow logs' records, from the traffic this data plane carries and drops.
    public let flowLogs: FlowLogService
    /// Carries accepted flows between instances past the routers' stacks.
    private let fastPath: FastPath
    /// Told by each follow that leaves a transition waiting (`Status.nextTransition`), so that the clock is watched
    /// only while one is.
    private let transitionsWaiting = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))

    struct Status {
        var running = false
        var instances = 0
        var routers = 0
        /// The state version the host and the flow verdicts match (at least): the last change followed; nil until the
        /// host matches the state the server started with.
        var followedVersion: UInt64?
        var problem: String?
        /// When the host must follow the state again though nothing changed (`DataPlaneTopology.nextTransition`).
        var nextTransition: Date?
        var transitGateways = 0
    }

    /// - Parameters:
    ///   - port: the server's port, naming its internet namespace (`lvpc-internet-PORT`).
    ///   - stateKey: what names this server's state (its folder, or "memory"), with the port, in ownership records.
    ///   - flowLogDirectory: where flow log records are written (nil: kept in memory only).
    public init(cloud: any DataPlaneCloud, port: Int, stateKey: String, flowLogDirectory: URL? = nil, logger: Logger) {
        self.cloud = cloud
        self.logger = logger
        let fastPath = FastPath(logger: logger)
        self.fastPath = fastPath
        self.flowLogs = FlowLogService(directory: flowLogDirectory, now: { [cloud] in cloud.now() }, fastPath: fastPath, logger: logger)
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

    /// What `/_localvpc/health` reports of the data plane.
    public struct Health: Sendable {
        public var enabled: Bool
        public var instances: Int
        public var routers: Int
        public var transitGateways: Int
        /// With the server's `stateVersion`, says when the data plane has caught up with every change made so far.
        public var stateVersion: UInt64?
        public var problem: String?
        /// Whether accepted flows between instances are carried past the routers' stacks (`FastPath`); when not,
        /// why (the routers carry everything, as correctly and more slowly).
        public var fastPath: Bool
        public var fastPathProblem: String?
        /// How many flows the fast path was given to carry since the server started.
        public var fastPathFlows: Int
    }

    /// For `/_localvpc/health`, which probes ask for thousands of times a second: a typed report, not a dictionary.
    public var health: Health {
        let status = status.withLock { $0 }
        return Health(
            enabled: status.running, instances: status.instances, routers: status.routers, transitGateways: status.transitGateways,
            stateVersion: status.followedVersion, problem: status.problem, fastPath: status.running && fastPath.unavailable == nil,
            fastPathProblem: fastPath.unavailable, fastPathFlows: fastPath.flowsCarried)
    }

    public func run() async throws {
        let decider = try FlowDecider(logger: logger, rejections: flowLogs.rejections, fastPath: fastPath)
        let reconciler = TopologyReconciler(internetNamespace: internetNamespace, ownership: ownership, logger: logger, fastPath: fastPath)
        let services = VpcServiceHost(services: vpcServices, logger: logger)
        let internetServices = VpcServiceHost(services: [], logger: logger)
        let follower = Follower(
            reconciler: reconciler, decider: decider, services: services, internetServices: internetServices,
            internetResolver: AmazonDnsServer(cloud: cloud), flowLogs: flowLogs, logger: logger)
        for queueNumber in decider.queueNumbers {
            let thread = Thread {
                // Started from an event loop, the thread would otherwise keep its name and short slices.
                ThreadScheduling.prepareCurrentThread(named: "localvpc-flow-\(queueNumber)", niceness: 0)
                decider.run(queueNumber: queueNumber)
            }
            thread.start()
        }
        let changes = cloud.changes()
        await onQueue { self.removeLeftovers() }
        status.withLock { $0.running = true }
        logger.info("data plane on: instances are network namespaces, each new flow decided by the evaluator")
        let (consoleLines, console) = AsyncStream<ConsoleLine>.makeStream()
        await follow(follower, console: console)
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await line in consoleLines {
                        await self.cloud.appendConsoleOutput(line.text, to: line.instanceId, ranUserData: line.ranUserData)
                    }
                }
                group.addTask {
                    // Flow log windows close by the server's clock; a second is as fine as the records' times are.
                    while (try? await Task.sleep(for: .seconds(1))) != nil { await self.flowLogs.tick() }
                }
                group.addTask {
                    // The fast path's entries of flows the routers have let go.
                    while (try? await Task.sleep(for: .seconds(10))) != nil { await self.onQueue { follower.sweepFastPath() } }
                }
                group.addTask {
                    // Transit gateways and their attachments leave `pending` by the clock (real time, or the admin
                    // route's advance), with no change to the state: the host and the verdicts follow when they do.
                    // The clock is looked at every 100 ms while a transition waits, and not at all otherwise.
                    for await _ in self.transitionsWaiting.stream {
                        while self.nextTransition != nil, (try? await Task.sleep(for: .milliseconds(100))) != nil {
                            guard let due = self.nextTransition, self.cloud.now() >= due else { continue }
                            await self.follow(follower, console: console)
                        }
                    }
                }
                for await _ in changes {
                    await self.follow(follower, console: console)
                }
                console.finish()
                group.cancelAll()
            }
        }
        await onQueue {
            for namespace in follower.openRouters { decider.close(namespace: namespace) }
            services.shutdown()
            internetServices.shutdown()
            follower.reconciler.removeEverything()
        }
        fastPath.removeEverything()
        decider.stop()
        status.withLock { $0.running = false }
    }

    /// When the host must follow the state again though nothing changed, as of the last follow.
    private var nextTransition: Date? { status.withLock { $0.nextTransition } }

    /// Brings the host to the state now, re-decides live flows, reports booted instances as running and what their
    /// boot printed, and starts the user data of those booting for the first time.
    private func follow(_ follower: Follower, console: AsyncStream<ConsoleLine>.Continuation) async {
        // The follower is used on the queue only: what the health reports is read there too. The state is read there
        // as well, so two follows (a change, and the clock's transition) apply states in the order they were read.
        let (state, booted) = await onQueue {
            let version = self.cloud.stateVersion
            let state = self.cloud.snapshot()
            let now = self.cloud.now()
            let booted = follower.follow(state, at: now)
            let reconciler = follower.reconciler
            let nextTransition = DataPlaneTopology.nextTransition(in: state, after: now)
            self.status.withLock {
                $0.instances = reconciler.hosts.count
                $0.routers = reconciler.routers.count
                $0.transitGateways = reconciler.transitGateways.count
                $0.problem = reconciler.problems.first
                $0.followedVersion = max($0.followedVersion ?? 0, version)
                $0.nextTransition = nextTransition
            }
            if nextTransition != nil { self.transitionsWaiting.continuation.yield() }
            return (state, booted)
        }
        for host in booted {
            guard let instance = state.regions.values.lazy.compactMap({ $0.instances[host.instanceId] }).first else { continue }
            boot(instance, on: host, console: console)
        }
        let pending = booted.map(\.instanceId).filter { id in state.regions.values.contains { $0.instances[id]?.state == .pending } }
        if !pending.isEmpty { await cloud.markInstancesRunning(pending) }
    }

    /// What a boot prints, and the user data script on the first one.
    private func boot(_ instance: CloudModel.Instance, on host: InstanceHost, console: AsyncStream<ConsoleLine>.Continuation) {
        var text = "LocalVPC: \(instance.id) booted in network namespace \(host.namespace)\n"
        for interface in host.interfaces {
            let addresses = interface.privateIpAddresses.map { "\($0)/\(interface.subnet.prefixLength)" }.joined(separator: ", ")
            text += "LocalVPC: \(interface.name) \(interface.macAddress) \(addresses) mtu \(HostInterface.mtu), router \(interface.gateway)\n"
        }
        guard let userData = instance.userData, instance.consoleOutput?.ranUserData != true else {
            console.yield(ConsoleLine(instanceId: instance.id, text: text, ranUserData: false))
            return
        }
        switch UserDataRun.script(fromBase64: userData) {
        case .failure(let skipped):
            console.yield(ConsoleLine(instanceId: instance.id, text: text + "cloud-init: user data not run: \(skipped.reason)\n", ranUserData: true))
        case .success(let script):
            console.yield(ConsoleLine(instanceId: instance.id, text: text + "cloud-init: running the user data script\n", ranUserData: true))
            let run = UserDataRun(instanceId: instance.id, namespace: host.namespace, script: script)
            do {
                try run.start { output in console.yield(ConsoleLine(instanceId: instance.id, text: output, ranUserData: true)) }
            } catch {
                console.yield(
                    ConsoleLine(instanceId: instance.id, text: "cloud-init: the user data script could not start: \(error)\n", ranUserData: true))
            }
        }
    }

    /// What each VPC's router offers its instances at AWS's addresses (`VpcServiceAddress`).
    private var vpcServices: [any VpcService] { [AmazonDnsServer(cloud: cloud), InstanceMetadataService(cloud: cloud)] }

    private func removeLeftovers() {
        // A namespace's /etc/netns folder may outlive it (a kill -9 between the two removals).
        for namespace in ownership.leftovers(among: Array(Set(NetworkNamespace.names() + NamespaceResolvConf.namespaces())).sorted()) {
            logger.info("data plane: removing \(namespace), left by an earlier run")
            try? NetworkNamespace.delete(namespace)
            NamespaceResolvConf.remove(namespace: namespace)
            ownership.release(namespace)
        }
    }

    private func onQueue<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in queue.async { continuation.resume(returning: work()) } }
    }
}

/// A piece of an instance's console output, on its way to the state.
private struct ConsoleLine: Sendable {
    let instanceId: String
    let text: String
    let ranUserData: Bool
}

/// The data plane's state between changes; used on its queue only.
private final class Follower: @unchecked Sendable {
    // @unchecked: every use is on DataPlaneService's serial queue.
    let reconciler: TopologyReconciler
    let decider: FlowDecider
    let services: VpcServiceHost
    /// The internet namespace's resolver (public names to public addresses), apart from the routers' services.
    let internetServices: VpcServiceHost
    let internetResolver: AmazonDnsServer
    let flowLogs: FlowLogService
    let logger: Logger
    private(set) var openRouters: Set<String> = []

    init(
        reconciler: TopologyReconciler, decider: FlowDecider, services: VpcServiceHost, internetServices: VpcServiceHost,
        internetResolver: AmazonDnsServer, flowLogs: FlowLogService, logger: Logger
    ) {
        self.reconciler = reconciler
        self.decider = decider
        self.services = services
        self.internetServices = internetServices
        self.internetResolver = internetResolver
        self.flowLogs = flowLogs
        self.logger = logger
    }

    /// The state as the packets see it: an instance whose namespace is ready answers, though the API may say `pending`
    /// until the data plane's report of it is committed (a client that sees `running` must find it answering).
    static func booted(_ state: CloudState, hosts: [String: InstanceHost]) -> CloudState {
        var booting: [ResourceChange] = []
        for region in state.regions.values {
            for var instance in region.instances.values where instance.state == .pending && hosts[instance.id] != nil {
                instance.state = .running
                booting.append(.put(.instance(instance)))
            }
        }
        guard !booting.isEmpty else { return state }
        var view = state
        view.apply(booting)
        return view
    }

    /// Returns the instances whose namespaces were made now.
    func follow(_ state: CloudState, at now: Date) -> [InstanceHost] {
        let topology = DataPlaneTopology(state: state, at: now)
        // A router's queues and service sockets keep its namespace alive: close them before the router goes.
        let wanted = Set(topology.routers.values.map(\.namespace))
        for namespace in openRouters.subtracting(wanted) {
            decider.close(namespace: namespace)
            openRouters.remove(namespace)
        }
        for namespace in services.openNamespaces.subtracting(wanted) { services.close(namespace: namespace) }
        let booted = reconciler.apply(topology)
        // Sockets would keep a removed internet namespace alive: the resolver goes and comes with it.
        if !reconciler.internetReady { internetServices.close(namespace: reconciler.internetNamespace) }
        if reconciler.internetReady && internetServices.openNamespaces.isEmpty {
            let resolver = internetResolver
            internetServices.open(
                AmazonDnsServer.internetEndpoints.map { endpoint in
                    (resolver.name, endpoint, { @Sendable channel in try resolver.answer(on: channel, endpoint: endpoint, asker: .internet) })
                }, in: reconciler.internetNamespace)
        }
        let namespaces = Set(reconciler.routers.values.map(\.namespace))
        for namespace in services.openNamespaces.subtracting(namespaces) { services.close(namespace: namespace) }
        for router in reconciler.routers.values where !services.openNamespaces.contains(router.namespace) { services.open(router) }
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
        // `decide` looks across every account and region: the evaluator's scope does not matter to it.
        let scope = AccountRegion(account: AccountRegion.defaultAccount, region: "us-east-1")
        let evaluator = Evaluator(state: Self.booted(state, hosts: reconciler.hosts), scope: scope, at: now)
        var views: [String: RouterView] = [:]
        for router in reconciler.routers.values {
            views[router.namespace] = RouterView(router: router, indexes: reconciler.indexes[router.vpcId]?.byName ?? [:])
        }
        decider.update(evaluator: evaluator, views: views)
        let hosted = Set(reconciler.hosts.values.flatMap { $0.interfaces.map(\.networkInterfaceId) })
        flowLogs.update(interfaces: FlowLogInterfaces(state: state, hostedInterfaceIds: hosted), views: views)
        for view in views.values { _ = FlowReview.review(view, evaluator: evaluator, fastPath: reconciler.fastPath, logger: logger) }
        return booted
    }

    /// Deletes the fast path's entries of flows no router tracks any more.
    func sweepFastPath() {
        guard let fastPath = reconciler.fastPath else { return }
        for router in reconciler.routers.values {
            guard let entries = try? Conntrack.entries(namespace: router.namespace) else { continue }
            var live: Set<FastPathTuple> = []
            for entry in entries {
                guard let forward = FastPathTuple(conntrackOriginal: entry.original, icmpIdentifier: entry.icmpIdentifier) else { continue }
                live.insert(forward)
                live.insert(forward.reversed)
            }
            fastPath.sweep(namespace: router.namespace, live: live)
        }
    }
}
