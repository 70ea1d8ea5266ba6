/// AWS's rules for which IPv4 addresses of a subnet can be given to network interfaces.
///
/// In every subnet AWS reserves five addresses: the network address, +1 for the
/// VPC router, +2 for the Amazon DNS server, +3 for future use, and the last
/// (broadcast) address. In 10.0.0.0/24 these are .0, .1, .2, .3 and .255.
/// The functions look at the canonical block, so "10.0.0.5/24" means 10.0.0.0/24.
public enum SubnetAddressing {
    /// How many addresses AWS reserves in every subnet.
    public static let reservedAddressCount = 5

    /// The reserved addresses in ascending order; fewer than five only in a /30, /31 or /32, which AWS never allows as a subnet.
    public static func reservedAddresses(in subnet: IPv4CIDR) -> [IPv4Address] {
        let first = subnet.network.value
        let last = subnet.lastAddress.value
        // Clamped so that blocks smaller than a /29 neither repeat the last address nor run past 255.255.255.255.
        var reserved = (0..<min(4, last - first)).map { first + $0 }
        reserved.append(last)
        return reserved.map { IPv4Address(value: $0) }
    }

    /// Whether `address` is one of the five reserved addresses of `subnet`; `false` for addresses outside it.
    public static func isReserved(_ address: IPv4Address, in subnet: IPv4CIDR) -> Bool {
        guard subnet.contains(address) else { return false }
        return address.value - subnet.network.value < 4 || address == subnet.lastAddress
    }

    /// The number of addresses that can be assigned: 11 in a /28, 251 in a /24, 65531 in a /16.
    public static func usableAddressCount(in subnet: IPv4CIDR) -> Int {
        max(0, Int(subnet.addressCount) - reservedAddressCount)
    }

    /// The lowest address that is neither reserved nor in `used`, or `nil` when the subnet is full.
    ///
    /// Takes O(`used.count`) set lookups at worst, since each probe either succeeds or skips a used address.
    ///
    /// `start`, when given, is where the search begins (every usable address below it must be in `used`): a caller handing
    /// out many addresses resumes each search where the last ended instead of rescanning the block.
    public static func firstFreeAddress(in subnet: IPv4CIDR, excluding used: Set<IPv4Address>, from start: IPv4Address? = nil) -> IPv4Address? {
        let last = subnet.lastAddress.value
        var candidate = subnet.network.value
        guard last - candidate >= 4 else { return nil }
        candidate = max(candidate + 4, start?.value ?? 0)
        while candidate < last {
            let address = IPv4Address(value: candidate)
            if !used.contains(address) {
                return address
            }
            candidate += 1
        }
        return nil
    }
}
