/// A packet the kernel queued to a ``NetfilterQueue`` and holds until the queue gives it a verdict.
public struct QueuedPacket: Sendable, Hashable {
    /// The kernel's id for the packet, to name it in ``NetfilterQueue/setVerdict(_:_:mark:)``.
    public internal(set) var id: UInt32
    /// The interface it came in on (an `ifindex` inside the queue's namespace); nil for a packet the namespace sent.
    public internal(set) var inputInterfaceIndex: UInt32?
    /// The packet's mark when it was queued (`meta mark`); 0 unless a rule set one.
    public internal(set) var mark: UInt32
    /// The IP packet from its header on, cut at the queue's copy range; ``IPPacketHeader`` reads it.
    public internal(set) var payload: [UInt8]

    /// A packet from its fields.
    public init(id: UInt32, inputInterfaceIndex: UInt32?, mark: UInt32, payload: [UInt8]) {
        self.id = id
        self.inputInterfaceIndex = inputInterfaceIndex
        self.mark = mark
        self.payload = payload
    }
}
