extension IPv6Address {
    /// Parses RFC 4291 text; `::` stands for one or more zero groups and may appear once.
    static func parse(_ text: Substring.UTF8View) -> Self? {
        guard let split = splitAtDoubleColon(text) else { return nil }
        guard let head = groups(in: split.head, allowsIPv4Tail: split.tail == nil) else { return nil }
        var all = head
        if let tailText = split.tail {
            guard let tail = groups(in: tailText, allowsIPv4Tail: true), head.count + tail.count <= 7 else { return nil }
            all += repeatElement(0, count: 8 - head.count - tail.count)
            all += tail
        }
        guard all.count == 8 else { return nil }
        let bits = all.reduce(UInt128.zero) { $0 << 16 | UInt128($1) }
        return Self(bits: bits)
    }

    /// Splits at the one `::`; `nil` when there are two of them or a ":::".
    private static func splitAtDoubleColon(
        _ text: Substring.UTF8View
    ) -> (head: Substring.UTF8View, tail: Substring.UTF8View?)? {
        guard let start = firstDoubleColon(in: text) else { return (text, nil) }
        let tail = text[text.index(start, offsetBy: 2)...]
        if tail.first == UInt8(ascii: ":") || firstDoubleColon(in: tail) != nil {
            return nil
        }
        return (text[..<start], tail)
    }

    private static func firstDoubleColon(in text: Substring.UTF8View) -> Substring.UTF8View.Index? {
        var previousWasColon = false
        for index in text.indices {
            let isColon = text[index] == UInt8(ascii: ":")
            if isColon && previousWasColon {
                return text.index(before: index)
            }
            previousWasColon = isColon
        }
        return nil
    }

    /// The groups of one side of `::` (or of the whole text); an IPv4 tail counts as two groups.
    private static func groups(in text: Substring.UTF8View, allowsIPv4Tail: Bool) -> [UInt16]? {
        if text.isEmpty { return [] }
        let fields = text.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        var groups: [UInt16] = []
        for (position, field) in fields.enumerated() {
            if allowsIPv4Tail && position == fields.count - 1 && field.contains(UInt8(ascii: ".")) {
                guard let ipv4 = IPv4Address.parse(field) else { return nil }
                groups += [UInt16(ipv4.value >> 16), UInt16(truncatingIfNeeded: ipv4.value)]
            } else {
                guard let group = ASCIIDigits.hexGroup(field) else { return nil }
                groups.append(group)
            }
        }
        return groups.count <= 8 ? groups : nil
    }
}
