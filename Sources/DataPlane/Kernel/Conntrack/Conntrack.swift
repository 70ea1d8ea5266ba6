/// The connection tracking table of one of our namespaces, read and changed over ctnetlink (`NETLINK_NETFILTER`,
/// the interface the `conntrack` program uses) from a socket made inside that namespace.
///
/// The data plane keeps each accepted flow's verdict in its entry's mark; these calls let it list the flows, change
/// a verdict (a flow that must now be dropped gets the dropping mark) or forget a flow so that its next packet is
/// decided again. Each call opens its own socket, so they are safe from any thread.
public enum Conntrack {
    /// Every entry of the namespace's table, IPv4 and IPv6, in the kernel's order.
    public static func entries(namespace: String) throws -> [Entry] {
        let socket = try NetlinkSocket.open(namespace: namespace, receiveBufferSize: 4 << 20)
        defer { socket.close() }
        let request = NetfilterNetlinkMessage(
            subsystem: ConntrackWire.subsystem, message: ConntrackWire.get, flags: NetlinkMessage.dump, sequence: 1, family: 0)
        var entries: [Entry] = []
        try socket.exchange(
            request.bytes, sequence: 1, describedAs: "listing the conntrack entries of \(namespace)",
            answer: { if let entry = ConntrackWire.entry(in: $0) { entries.append(entry) } })
        return entries
    }

    /// Sets the mark of exactly the entry whose original direction is `entry`'s, whatever `entry.mark` says.
    ///
    /// - Throws: ``KernelError`` with `errorNumber` `ENOENT` when the namespace has no such entry (it may have
    ///   expired since it was listed).
    public static func setMark(_ mark: UInt32, of entry: Entry, namespace: String) throws {
        var request = try ConntrackWire.request(ConntrackWire.new, for: entry)
        request.append(ConntrackWire.mark, bigEndian: mark)
        try send(request, namespace: namespace, describedAs: "setting the conntrack mark of \(describe(entry)) in \(namespace)")
    }

    /// Deletes exactly the entry whose original direction is `entry`'s; nothing happens when there is none. The
    /// flow's next packet is then new again, and queued for a decision.
    public static func delete(_ entry: Entry, namespace: String) throws {
        let request = try ConntrackWire.request(ConntrackWire.delete, for: entry)
        do {
            try send(request, namespace: namespace, describedAs: "deleting the conntrack entry \(describe(entry)) in \(namespace)")
        } catch let error as KernelError where error.code == .netlink && error.errorNumber == ConntrackWire.noSuchEntry {
            return
        }
    }

    /// Deletes every entry of the namespace's table, IPv4 and IPv6.
    public static func flush(namespace: String) throws {
        let request = NetfilterNetlinkMessage(
            subsystem: ConntrackWire.subsystem, message: ConntrackWire.delete, flags: NetlinkMessage.acknowledge, sequence: 1, family: 0)
        try send(request, namespace: namespace, describedAs: "flushing the conntrack table of \(namespace)")
    }

    private static func send(_ request: NetfilterNetlinkMessage, namespace: String, describedAs description: String) throws {
        let socket = try NetlinkSocket.open(namespace: namespace)
        defer { socket.close() }
        try socket.exchange(request.bytes, sequence: 1, describedAs: description)
    }

    private static func describe(_ entry: Entry) -> String {
        let original = entry.original
        return "protocol \(original.ipProtocol) \(original.source):\(original.sourcePort) → \(original.destination):\(original.destinationPort)"
    }
}
