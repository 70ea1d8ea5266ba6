/// Why a packet is not a query the server can read.
enum DnsWireError: Error, Hashable {
    case malformed(String)
}
