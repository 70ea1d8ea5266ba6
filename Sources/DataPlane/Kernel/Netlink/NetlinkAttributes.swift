/// The attributes (`struct nlattr`: length, type, value, padded to 4 bytes) in part of a netlink message.
///
/// The type drops the `NLA_F_NESTED` and `NLA_F_NET_BYTEORDER` flags, so a nested attribute is found by its plain
/// number and opened with ``nested(_:)``.
struct NetlinkAttributes: Sequence {
    /// One attribute: its type (flags removed) and its value.
    struct Attribute {
        var type: UInt16
        var value: ArraySlice<UInt8>
    }

    /// `NLA_TYPE_MASK`: the type without the nested and byte-order flags.
    static let typeMask: UInt16 = 0x3FFF
    /// `NLA_F_NESTED`, set on attributes that hold attributes.
    static let nestedFlag: UInt16 = 0x8000

    private let bytes: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
    }

    /// The value of the first attribute of `type`, if there is one.
    subscript(type: UInt16) -> ArraySlice<UInt8>? {
        first { $0.type == type }?.value
    }

    /// The attributes inside the nested attribute of `type`, if there is one.
    func nested(_ type: UInt16) -> NetlinkAttributes? {
        self[type].map(NetlinkAttributes.init)
    }

    func makeIterator() -> Iterator { Iterator(bytes: bytes) }

    /// Walks the attributes in order; a malformed length ends the walk.
    struct Iterator: IteratorProtocol {
        fileprivate let bytes: ArraySlice<UInt8>
        private var offset = 0

        fileprivate init(bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
        }

        mutating func next() -> Attribute? {
            guard let length = bytes.nativeInteger(at: offset, as: UInt16.self), length >= 4,
                let type = bytes.nativeInteger(at: offset + 2, as: UInt16.self),
                let value = bytes.bytes(at: offset + 4, count: Int(length) - 4)
            else { return nil }
            offset += (Int(length) + 3) & ~3
            return Attribute(type: type & NetlinkAttributes.typeMask, value: value)
        }
    }
}
