/// A CIDR block of either family, for API fields that accept both (e.g. a route's destination).
public enum IPCIDR: Sendable, Hashable {
    /// An IPv4 block, e.g. 10.0.0.0/16.
    case v4(IPv4CIDR)
    /// An IPv6 block, e.g. 2001:db8::/56.
    case v6(IPv6CIDR)

    /// The number of leading bits that name the network.
    public var prefixLength: Int {
        switch self {
        case .v4(let block): block.prefixLength
        case .v6(let block): block.prefixLength
        }
    }

    /// The IPv4 block, when this is one.
    public var ipv4: IPv4CIDR? {
        if case .v4(let block) = self { block } else { nil }
    }

    /// The IPv6 block, when this is one.
    public var ipv6: IPv6CIDR? {
        if case .v6(let block) = self { block } else { nil }
    }

    /// Whether `other` lies inside this block; blocks of different families never contain each other.
    public func contains(_ other: Self) -> Bool {
        switch (self, other) {
        case (.v4(let a), .v4(let b)): a.contains(b)
        case (.v6(let a), .v6(let b)): a.contains(b)
        default: false
        }
    }

    /// The same block with host bits cleared.
    public var canonical: Self {
        switch self {
        case .v4(let block): .v4(block.canonical)
        case .v6(let block): .v6(block.canonical)
        }
    }

    /// Whether the blocks share an address; blocks of different families never do.
    public func overlaps(_ other: Self) -> Bool {
        switch (self, other) {
        case (.v4(let a), .v4(let b)): a.overlaps(b)
        case (.v6(let a), .v6(let b)): a.overlaps(b)
        default: false
        }
    }
}

extension IPCIDR: LosslessStringConvertible {
    /// Parses an IPv4 or IPv6 block, e.g. "10.0.0.0/16" or "2001:db8::/56".
    public init?(_ description: String) {
        if let block = IPv4CIDR(description) {
            self = .v4(block)
        } else if let block = IPv6CIDR(description) {
            self = .v6(block)
        } else {
            return nil
        }
    }

    /// The block as written, e.g. "10.0.0.0/16".
    public var description: String {
        switch self {
        case .v4(let block): block.description
        case .v6(let block): block.description
        }
    }
}

extension IPCIDR: TextCodable {
    public static var textKind: String { "a CIDR block" }
}
