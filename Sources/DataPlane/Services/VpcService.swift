public import Addressing
public import NIOCore

/// A service a VPC offers its instances from inside its router namespace (the Amazon DNS server, the instance
/// metadata service): the server's process answers on sockets made in the namespace, so an instance reaches it at
/// AWS's addresses, with real packets, and nothing listens on the host.
///
/// A service answers from the state at the moment it is asked (through whatever it was made with), never from a
/// copy made when the router was: `VpcServiceHost` opens its endpoints once per router.
protocol VpcService: Sendable {
    /// What it is called in logs.
    var name: String { get }
    /// Where it listens in `router`'s namespace.
    func endpoints(of router: VpcRouter) -> [VpcServiceEndpoint]
    /// Adds its handlers to `channel`: the datagram channel of a UDP endpoint, or each connection accepted on a TCP one.
    /// Runs on the channel's event loop.
    func initialize(_ channel: any Channel, endpoint: VpcServiceEndpoint, router: VpcRouter) throws
}

/// One address, port and transport a `VpcService` listens on.
struct VpcServiceEndpoint: Sendable, Hashable, CustomStringConvertible {
    let transport: NamespaceSocket.Transport
    let address: IPAddress
    let port: UInt16

    var description: String {
        let host = address.isIPv6 ? "[\(address)]" : "\(address)"
        return "\(transport == .udp ? "udp" : "tcp")://\(host):\(port)"
    }
}
