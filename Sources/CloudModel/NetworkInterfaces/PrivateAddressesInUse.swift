public import Addressing

/// The private IPv4 addresses in use in one subnet, as one command hands more of them out.
///
/// Also remembers where the search for the lowest free address resumes: every usable address below that point is in
/// use, and a command only adds addresses, so each search starts where the last one ended. A launch of n instances
/// then looks at about n addresses in all, not n² (each search from the start of the block).
public struct PrivateAddressesInUse: Sendable {
    public private(set) var addresses: Set<IPv4Address>
    /// The lowest address that may be free; nil: the block's first usable one.
    private var searchFrom: IPv4Address?

    /// The subnet's IPv6 addresses in use, read when a first one is handed out (nil until then), so that a launch of
    /// many instances reads them once, not once per instance.
    public var ipv6: Set<IPv6Address>?

    public init(_ addresses: Set<IPv4Address>) {
        self.addresses = addresses
    }

    public var count: Int { addresses.count }

    public func contains(_ address: IPv4Address) -> Bool { addresses.contains(address) }

    /// Marks `address` as in use.
    public mutating func insert(_ address: IPv4Address) { addresses.insert(address) }

    /// The lowest usable address of `block` not in use (AWS hands out the lowest free one), marked in use; nil when the
    /// block is full.
    public mutating func takeLowestFree(in block: IPv4CIDR) -> IPv4Address? {
        guard let address = SubnetAddressing.firstFreeAddress(in: block, excluding: addresses, from: searchFrom) else { return nil }
        addresses.insert(address)
        searchFrom = address
        return address
    }
}
