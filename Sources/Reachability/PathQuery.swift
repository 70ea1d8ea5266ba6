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
    /// The protocol, named as group rules name it (`tcp`, `udp`, `icmp`), or by its IANA number for any other.
    public enum IPProtocol: Sendable, Hashable, RawRepresentable {
        case tcp, udp, icmp
        /// Any other protocol (GRE 47, ESP 50, …): it has no ports, and only a rule for all traffic or for its number
        /// lets it through.
        case other(UInt8)

        /// The IANA protocol number, as network ACL entries name protocols.
        public var number: Int {
            switch self {
            case .tcp: 6
            case .udp: 17
            case .icmp: 1
            case .other(let number): Int(number)
            }
        }

        /// `tcp`, `udp`, `icmp`, or the number of any other protocol (as a group rule names it).
        public var rawValue: String {
            switch self {
            case .tcp: "tcp"
            case .udp: "udp"
            case .icmp: "icmp"
            case .other(let number): String(number)
            }
        }

        /// A protocol by name, or by its number (6, 17 and 1 are TCP, UDP and ICMP).
        public init?(rawValue: String) {
            switch rawValue {
            case "tcp": self = .tcp
            case "udp": self = .udp
            case "icmp": self = .icmp
            default:
                guard let number = UInt8(rawValue) else { return nil }
                self.init(number: number)
            }
        }

        /// The protocol a packet's IP header names (ICMPv6, 58, is ICMP: the address family tells them apart).
        public init(number: UInt8) {
            switch number {
            case 6: self = .tcp
            case 17: self = .udp
            case 1, 58: self = .icmp
            default: self = .other(number)
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
