public import Addressing
import CloudModel

extension Evaluator {
    /// A stand-in host on the internet for paths that start or end at an internet gateway (a documentation
    /// address: analysis sends nothing anywhere).
    public static let internetHost = IPAddress.v4(IPv4Address(192, 0, 2, 10))

    /// Whether `query`'s traffic gets to its destination and back, hop by hop, and what blocks it if not.
    public func analyze(_ query: PathQuery) -> PathAnalysis {
        let walk = PathWalk(traffic: query.traffic)
        let destination = resolveDestination(query.destination)
        switch query.source {
        case .internetGateway(let id):
            walk.fromInternet(self, host: Self.internetHost, gateway: id, to: destination)
        case .address(let address) where interface(for: .address(address)) == nil:
            walk.fromInternet(self, host: address, gateway: nil, to: destination)
        default:
            guard let source = interface(for: query.source) else {
                walk.block(
                    .noPossibleDestination, .forward, PathComponent(.networkInterface, "\(query.source)"), "The source does not exist in \(scope).")
                return walk.analysis
            }
            walk.fromInterface(self, source, to: destination)
        }
        return walk.analysis
    }

    /// Where a path ends: one of our interfaces (reached at its private or its public address), or the internet.
    enum Destination {
        case interface(NetworkInterface, address: IPAddress, viaPublicAddress: Bool)
        case internet(IPAddress, gateway: String?)
        case missing(String)
    }

    func resolveDestination(_ endpoint: PathEndpoint) -> Destination {
        switch endpoint {
        case .internetGateway(let id): return .internet(Self.internetHost, gateway: id)
        case .address(let address):
            if let (interface, _) = address.ipv4.flatMap({ interfacesByPublicIp[$0] }) {
                return .interface(interface, address: address, viaPublicAddress: true)
            }
            if let interface = interfacesByPrivateIp.values.lazy.compactMap({ $0[address] }).first {
                return .interface(interface, address: address, viaPublicAddress: false)
            }
            return .internet(address, gateway: nil)
        case .instance, .networkInterface:
            guard let interface = interface(for: endpoint) else { return .missing("\(endpoint)") }
            return .interface(interface, address: .v4(interface.primaryPrivateIp), viaPublicAddress: false)
        }
    }

    /// The route `address` takes out of `subnetId`: the longest prefix that matches, and its state now.
    func route(from subnetId: String, to address: IPAddress) -> (table: RouteTable, route: Route?, state: RouteState)? {
        guard let table = routeTableBySubnet[subnetId] else { return nil }
        let match: Int? =
            switch address {
            case .v4(let address): routeTries[table.id]?.longestMatch(for: address)?.value
            case .v6(let address): ipv6RouteTries[table.id]?.longestMatch(for: address)?.value
            }
        guard let index = match else { return (table, nil, .blackhole) }
        let route = table.routes[index]
        return (table, route, state.state(of: route, in: table, at: now))
    }

    /// The instance behind an interface, when it is not running (a stopped instance answers nothing).
    func stoppedInstance(of interface: NetworkInterface) -> Instance? {
        guard let id = interface.attachment?.instanceId, let instance = instancesNotRunning[id]
        else { return nil }
        return instance
    }

    func vpc(_ id: String) -> Vpc? { vpcsById[id] }

    /// A VPC's blocks of `address`'s family: the ones a route, a peering or a rule to that VPC is about.
    func blocks(of vpcId: String, family address: IPAddress) -> [IPCIDR] {
        guard let vpc = vpc(vpcId) else { return [] }
        return address.isIPv6 ? vpc.ipv6Blocks.map(IPCIDR.v6) : vpc.ipv4Blocks.map(IPCIDR.v4)
    }

    /// The address `interface` sends from to reach `destination`: its primary private IPv4 address, or its first IPv6
    /// address for IPv6 (none when it has no IPv6 address).
    func sourceAddress(of interface: NetworkInterface, toward destination: IPAddress) -> IPAddress? {
        destination.isIPv6 ? interface.ipv6Addresses.first.map(IPAddress.v6) : .v4(interface.primaryPrivateIp)
    }

    func attachedGateway(of vpcId: String) -> InternetGateway? { gatewayByVpc[vpcId] }

    /// The egress-only internet gateway made for a VPC, if any: it lets replies in, never traffic the internet starts.
    func egressOnlyGateway(of vpcId: String) -> EgressOnlyInternetGateway? {
        guard let vpc = vpc(vpcId) else { return nil }
        return state[vpc.scope].egressOnlyInternetGateways.values.filter { $0.gatewayVpcId == vpcId }.min { $0.id < $1.id }
    }
}
