/// The made-up addresses the data plane gives the router ends of links, so nothing depends on ARP between routers.
///
/// A router sends into a link towards `nextHop` and keeps a permanent neighbour entry mapping it to the MAC of the
/// link's other end, which LocalVPC sets itself (`mac(of:in:)`): the far end receives each packet as its own.
public enum LinkAddress {
    /// The next hop of every router-to-router and router-to-internet route (link-local: never a VPC's address).
    public static let nextHop = "169.254.0.1"
    /// The IPv6 next hop of the same routes (link-local).
    public static let ipv6NextHop = "fe80::2"

    /// A stable, locally administered unicast MAC for the end of `link` in `namespace`.
    public static func mac(of link: String, in namespace: String) -> String {
        // FNV-1a over both names: stable across restarts, distinct for the two ends of a link.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (namespace + "/" + link).utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let bytes = (0..<5).map { UInt8(truncatingIfNeeded: hash >> (8 * UInt64($0))) }
        return (["0a"] + bytes.map { byte in byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16) }).joined(separator: ":")
    }
}
