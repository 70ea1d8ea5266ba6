import Logging
import NIOCore
import NIOPosix
import Synchronization

/// Runs the `VpcService`s in every router namespace: opens their endpoints when a router is made, closes them when it
/// goes (an open socket would keep the namespace alive), on one event loop of its own, off the HTTP server's.
///
/// `open` and `close` block until the sockets are registered or closed, so call them from the data plane's queue,
/// never from an event loop.
final class VpcServiceHost: Sendable {
    private let services: [any VpcService]
    private let logger: Logger
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    /// The channels listening in each router namespace.
    private let channels = Mutex<[String: [any Channel]]>([:])

    init(services: [any VpcService], logger: Logger) {
        self.services = services
        self.logger = logger
    }

    /// The namespaces whose services are open.
    var openNamespaces: Set<String> { channels.withLock { Set($0.keys) } }

    /// Opens every service's endpoints in `router`'s namespace; an endpoint that fails is logged and the others go on
    /// (one missing service must not take the router's other services with it). Returns the failures' descriptions.
    @discardableResult
    func open(_ router: VpcRouter) -> [String] {
        let endpoints = services.flatMap { service in
            service.endpoints(of: router).map { endpoint in
                (service.name, endpoint, { @Sendable (channel: any Channel) in try service.initialize(channel, endpoint: endpoint, router: router) })
            }
        }
        return open(endpoints, in: router.namespace)
    }

    /// Opens endpoints in a namespace that is not a router's (the internet's resolver), each with what initializes
    /// its channels; `close(namespace:)` closes them.
    @discardableResult
    func open(_ endpoints: [(name: String, endpoint: VpcServiceEndpoint, initialize: @Sendable (any Channel) throws -> Void)], in namespace: String)
        -> [String]
    {
        var opened: [any Channel] = []
        var failures: [String] = []
        for (name, endpoint, initialize) in endpoints {
            do {
                opened.append(try open(endpoint, in: namespace, initialize: initialize))
            } catch {
                failures.append("\(name) on \(endpoint) in \(namespace): \(error)")
                logger.error("data plane: could not open \(name) on \(endpoint) in \(namespace): \(error)")
            }
        }
        let previous = channels.withLock { channels in
            defer { channels[namespace] = opened }
            return channels[namespace] ?? []
        }
        for channel in previous { try? channel.close().wait() }
        return failures
    }

    /// Closes the services of the router namespace `namespace`.
    func close(namespace: String) {
        let open = channels.withLock { $0.removeValue(forKey: namespace) ?? [] }
        for channel in open { try? channel.close().wait() }
    }

    /// Closes everything and stops the event loop.
    func shutdown() {
        for namespace in openNamespaces { close(namespace: namespace) }
        try? group.syncShutdownGracefully()
    }

    private func open(_ endpoint: VpcServiceEndpoint, in namespace: String, initialize: @escaping @Sendable (any Channel) throws -> Void) throws
        -> any Channel
    {
        let socket = try NamespaceSocket.bound(endpoint.transport, address: endpoint.address, port: endpoint.port, in: namespace)
        let initialize: @Sendable (any Channel) -> EventLoopFuture<Void> = { channel in
            channel.eventLoop.makeCompletedFuture { try initialize(channel) }
        }
        switch endpoint.transport {
        case .udp:
            return try DatagramBootstrap(group: group).channelInitializer(initialize).withBoundSocket(socket).wait()
        case .tcp:
            return try ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer(initialize)
                .withBoundSocket(socket).wait()
        }
    }
}
