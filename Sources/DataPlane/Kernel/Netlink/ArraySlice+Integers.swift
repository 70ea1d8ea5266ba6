/// Reading fixed-width integers out of netlink messages.
///
/// Netlink's own headers (`nlmsghdr`, `nlattr`) are in the host's byte order; netfilter's values inside attributes
/// (ports, marks, packet ids) are big-endian. Offsets are from the slice's start, and a read past its end is nil rather
/// than a trap: the bytes come from the kernel or from a packet, and a short one must not crash the server.
extension ArraySlice<UInt8> {
    /// The integer stored at `offset` in the host's byte order, or nil when the slice is too short.
    func nativeInteger<T: FixedWidthInteger>(at offset: Int, as type: T.Type = T.self) -> T? {
        rawInteger(at: offset, as: type)
    }

    /// The big-endian (network order) integer stored at `offset`, or nil when the slice is too short.
    func bigEndianInteger<T: FixedWidthInteger>(at offset: Int, as type: T.Type = T.self) -> T? {
        guard let value = rawInteger(at: offset, as: type) else { return nil }
        return T(bigEndian: value)
    }

    /// The slice of `count` bytes at `offset`, or nil when the slice is too short.
    func bytes(at offset: Int, count: Int) -> ArraySlice<UInt8>? {
        guard offset >= 0, count >= 0, offset + count <= self.count else { return nil }
        return self[(startIndex + offset)..<(startIndex + offset + count)]
    }

    private func rawInteger<T: FixedWidthInteger>(at offset: Int, as type: T.Type) -> T? {
        let size = MemoryLayout<T>.size
        guard offset >= 0, offset + size <= count else { return nil }
        return withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) }
    }
}

extension Array<UInt8> {
    /// Appends `value` in the host's byte order (netlink's own headers).
    mutating func appendNative<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value) { append(contentsOf: $0) }
    }

    /// Appends `value` big-endian (netfilter's values inside attributes).
    mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.bigEndian) { append(contentsOf: $0) }
    }

    /// Overwrites the bytes at `offset` with `value` in the host's byte order (a length known only at the end).
    mutating func storeNative<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        withUnsafeMutableBytes { $0.storeBytes(of: value, toByteOffset: offset, as: T.self) }
    }
}
