public import Addressing
public import CloudModel

/// One question the evaluator answers: can this source reach this destination with this traffic?
public struct PathQuery: Sendable, Hashable {
    public var scope: AccountRegion
    public var source: PathEndpoint
    public var destination: PathEndpoint
    public var traffic: Traffic

    public init(scope: AccountRegion, source: PathEndpoint, destination: PathEndpoint, traffic: Traffic) {
        self.scope = scope
        self.source = source
        self.destination = destination
        self.traffic = traffic
    }
}

/// Where a path starts or ends.
public enum PathEndpoint: Sendable, Hashable {
    /// An instance, through its primary network interface.
    case instance(String)
    case networkInterface(String)
    /// "The internet", entering or leaving through this gateway.
    case internetGateway(String)
    /// An address: an interface's private (IPv4 or IPv6) or public address, or a host on the internet.
    case address(IPAddress)
}

/// What is sent: a protocol and, for TCP and UDP, the destination port (for ICMP, the type; nil is any).
public struct Traffic: Sendable, Hashable {
    public enum IPProtocol: String, Sendable, Hashable, CaseIterable {
        case tcp, udp, icmp

        /// The IANA protocol number, as network ACL entries name protocols.
        public var number: Int {
            switch self {
            case .tcp: 6
            case .udp: 17
            case .icmp: 1
            }
        }
    }

    public var ipProtocol: IPProtocol
    public var port: Int?

    /// The IANA protocol number on the wire: ICMP over IPv6 is ICMPv6 (58), as ACL entries and group rules name it.
    public func protocolNumber(ipv6: Bool) -> Int {
        ipProtocol == .icmp && ipv6 ? 58 : ipProtocol.number
    }

    public init(_ ipProtocol: IPProtocol, port: Int? = nil) {
        self.ipProtocol = ipProtocol
        self.port = port
    }

    /// The source port replies go back to: AWS models them in the ephemeral range 1024–65535.
    public static let ephemeralPorts = 1024...65535
}
