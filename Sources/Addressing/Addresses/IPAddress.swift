/// An address of either family, for what takes both: a packet's destination, a path's endpoint.
public enum IPAddress: Sendable, Hashable {
    case v4(IPv4Address)
    case v6(IPv6Address)

    /// The IPv4 address, when this is one.
    public var ipv4: IPv4Address? {
        if case .v4(let address) = self { address } else { nil }
    }

    /// The IPv6 address, when this is one.
    public var ipv6: IPv6Address? {
        if case .v6(let address) = self { address } else { nil }
    }

    public var isIPv6: Bool { ipv6 != nil }

    /// The block holding this address alone: `/32` or `/128`.
    public var hostBlock: IPCIDR {
        switch self {
        case .v4(let address): .v4(IPv4CIDR(address: address, prefixLength: 32)!)
        case .v6(let address): .v6(IPv6CIDR(address: address, prefixLength: 128)!)
        }
    }
}

extension IPCIDR {
    /// Whether `address` lies inside this block; an address of the other family never does.
    public func contains(_ address: IPAddress) -> Bool {
        switch (self, address) {
        case (.v4(let block), .v4(let address)): block.contains(address)
        case (.v6(let block), .v6(let address)): block.contains(address)
        default: false
        }
    }
}

extension IPAddress: LosslessStringConvertible {
    /// Parses an IPv4 or IPv6 address, e.g. "10.0.1.5" or "2001:db8::5".
    public init?(_ description: String) {
        if let address = IPv4Address(description) {
            self = .v4(address)
        } else if let address = IPv6Address(description) {
            self = .v6(address)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .v4(let address): address.description
        case .v6(let address): address.description
        }
    }
}

extension IPAddress: TextCodable {
    public static var textKind: String { "an IP address" }
}
