/// A request to one of netfilter's netlink subsystems (nfnetlink_queue, ctnetlink), built attribute by attribute.
///
/// Layout: `nlmsghdr` (host byte order), `nfgenmsg` (family, version 0, resource id big-endian: the queue number
/// for nfnetlink_queue), then attributes. The header's length is kept up to date after every append, so ``bytes``
/// is always a complete message ready for `send`.
struct NetfilterNetlinkMessage {
    /// The message so far.
    private(set) var bytes: [UInt8]

    /// A message of `subsystem` (`NFNL_SUBSYS_…`) and `message` type within it.
    init(subsystem: UInt8, message: UInt8, flags: UInt16, sequence: UInt32, family: UInt8, resourceId: UInt16 = 0) {
        bytes = []
        bytes.reserveCapacity(64)
        bytes.appendNative(UInt32(NetlinkMessage.headerLength + NetlinkMessage.netfilterHeaderLength))
        bytes.appendNative(UInt16(subsystem) << 8 | UInt16(message))
        bytes.appendNative(flags | NetlinkMessage.request)
        bytes.appendNative(sequence)
        bytes.appendNative(UInt32(0))  // port id: 0 is the kernel
        bytes.append(family)
        bytes.append(0)  // NFNETLINK_V0
        bytes.appendBigEndian(resourceId)
    }

    /// Appends an attribute whose value is `value`'s bytes as given.
    mutating func append(_ type: UInt16, _ value: some Collection<UInt8>) {
        bytes.appendNative(UInt16(4 + value.count))
        bytes.appendNative(type)
        bytes.append(contentsOf: value)
        pad()
    }

    /// Appends an attribute holding one big-endian integer (ports, marks, ids: netfilter's values are big-endian).
    mutating func append(_ type: UInt16, bigEndian value: some FixedWidthInteger) {
        var encoded: [UInt8] = []
        encoded.appendBigEndian(value)
        append(type, encoded)
    }

    /// Appends a nested attribute (flagged `NLA_F_NESTED`) holding whatever `body` appends.
    mutating func appendNested(_ type: UInt16, _ body: (inout Self) -> Void) {
        let start = bytes.count
        bytes.appendNative(UInt16(0))
        bytes.appendNative(type | NetlinkAttributes.nestedFlag)
        body(&self)
        bytes.storeNative(UInt16(bytes.count - start), at: start)
        bytes.storeNative(UInt32(bytes.count), at: 0)
    }

    private mutating func pad() {
        while bytes.count % 4 != 0 { bytes.append(0) }
        bytes.storeNative(UInt32(bytes.count), at: 0)
    }
}
