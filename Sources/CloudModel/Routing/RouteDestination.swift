public import Addressing

/// Where a route's traffic is going: a CIDR block (IPv4 or IPv6), or a prefix list (`pl-…`) whose current entries
/// the route stands for.
///
/// Stored as text (the block, or the list's id), the form routes were journalled in before prefix lists, so stored
/// states read back unchanged.
public enum RouteDestination: Sendable, Hashable {
    case cidr(IPCIDR)
    case prefixList(String)

    /// The block, when the destination is one.
    public var cidr: IPCIDR? {
        if case .cidr(let block) = self { block } else { nil }
    }

    /// The IPv4 block, when the destination is one (`DestinationCidrBlock`).
    public var ipv4: IPv4CIDR? { cidr?.ipv4 }

    /// The IPv6 block, when the destination is one (`DestinationIpv6CidrBlock`).
    public var ipv6: IPv6CIDR? { cidr?.ipv6 }

    /// The prefix list, when the destination is one (`DestinationPrefixListId`).
    public var prefixListId: String? {
        if case .prefixList(let id) = self { id } else { nil }
    }
}

extension RouteDestination: CustomStringConvertible {
    /// The block as written (`10.0.0.0/16`), or the list's id (`pl-0123…`).
    public var description: String {
        switch self {
        case .cidr(let block): block.description
        case .prefixList(let id): id
        }
    }
}

extension RouteDestination: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        if text.hasPrefix("pl-") {
            self = .prefixList(text)
        } else if let block = IPCIDR(text) {
            self = .cidr(block)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a CIDR block or a prefix list id: \(text)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
