/// A CIDR block of one address family: an address and a prefix length.
///
/// `IPv4CIDR` and `IPv6CIDR` adopt it; the arithmetic below is shared.
/// A block keeps the address exactly as written, host bits included, so
/// "10.0.0.5/16" is a valid block that is not canonical and is not equal to
/// "10.0.0.0/16". Use `canonical` (or `network`) where AWS compares blocks.
public protocol CIDRBlock: Sendable, Hashable, TextCodable {
    /// The address family of the block.
    associatedtype Address: IPAddressBits

    /// The address as written, host bits included.
    var address: Address { get }

    /// The number of leading bits that name the network.
    var prefixLength: Int { get }

    /// Creates a block; `nil` when `prefixLength` is outside 0...`Address.bitWidth`.
    init?(address: Address, prefixLength: Int)
}

extension CIDRBlock {
    /// Parses "address/length", e.g. "10.0.0.0/16", keeping host bits as written.
    ///
    /// The length is decimal without leading zeros; a bare address (no "/") is not a block.
    public init?(_ description: String) {
        guard let slash = description.utf8.firstIndex(of: UInt8(ascii: "/")),
            let address = Address(String(description[..<slash])),
            let length = ASCIIDigits.decimal(description.utf8[description.utf8.index(after: slash)...], maximum: Address.bitWidth)
        else { return nil }
        self.init(address: address, prefixLength: length)
    }

    /// The block as written: the parsed address, "/", the prefix length.
    public var description: String {
        // Appended rather than interpolated: interpolation goes through `DefaultStringInterpolation` and the
        // generic `description` of both parts, which was most of the cost of rendering a CIDR block.
        var text = address.description
        text.append("/")
        text.append(String(prefixLength))
        return text
    }

    /// The first address of the block: `address` with its host bits cleared.
    @inlinable
    public var network: Address { Address(bits: address.bits & Address.netmask(prefixLength: prefixLength)) }

    /// Whether no host bits are set, i.e. the block is written as AWS writes it.
    public var isCanonical: Bool { address == network }

    /// The same block with host bits cleared: "10.0.0.5/16" becomes "10.0.0.0/16".
    public var canonical: Self { Self(address: network, prefixLength: prefixLength)! }

    /// The number of bits left for hosts; the block holds 2^`hostBitCount` addresses.
    public var hostBitCount: Int { Address.bitWidth - prefixLength }

    /// The lowest address in the block (the network address).
    public var firstAddress: Address { network }

    /// The highest address in the block (the IPv4 broadcast address).
    public var lastAddress: Address { Address(bits: address.bits | ~Address.netmask(prefixLength: prefixLength)) }

    /// Whether `address` lies inside the block.
    @inlinable
    public func contains(_ address: Address) -> Bool {
        address.bits & Address.netmask(prefixLength: prefixLength) == network.bits
    }

    /// Whether every address of `other` lies inside this block; a block contains itself.
    public func contains(_ other: Self) -> Bool {
        other.prefixLength >= prefixLength && contains(other.address)
    }

    /// Whether the blocks share at least one address, i.e. one contains the other.
    public func overlaps(_ other: Self) -> Bool {
        contains(other) || other.contains(self)
    }

    /// The blocks of length `prefixLength` that tile this one, lowest first, produced lazily.
    ///
    /// Empty when `prefixLength` is shorter than this block's or longer than the address width.
    public func subnets(prefixLength childLength: Int) -> some Sequence<Self> {
        let isValid = childLength >= prefixLength && childLength <= Address.bitWidth
        let last = lastAddress.bits
        let first: Address.Bits? = isValid ? network.bits : nil
        return sequence(state: first) { next -> Self? in
            guard let current = next else { return nil }
            // A /0 child is the whole space: one block, and a step of 2^width would overflow anyway.
            let (following, overflow) =
                childLength == 0 ? (current, true) : current.addingReportingOverflow(Address.Bits(1) << (Address.bitWidth - childLength))
            next = overflow || following > last ? nil : following
            return Self(address: Address(bits: current), prefixLength: childLength)
        }
    }
}

extension CIDRBlock {
    public static var textKind: String { "a CIDR block" }
}
