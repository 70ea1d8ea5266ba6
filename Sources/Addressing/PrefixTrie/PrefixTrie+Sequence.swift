extension PrefixTrie: Sequence {
    /// Walks the stored entries ordered by network address, a shorter prefix before the longer ones inside it.
    public struct Iterator: IteratorProtocol {
        private let nodes: [Node]
        private var pending: [Int]

        init(nodes: [Node]) {
            self.nodes = nodes
            pending = [0]
        }

        /// The next entry, or `nil` after the last.
        public mutating func next() -> Entry? {
            while let index = pending.popLast() {
                let node = nodes[index]
                // Push the 1 branch first so that the 0 branch (lower addresses) comes out first.
                if node.one != 0 { pending.append(node.one) }
                if node.zero != 0 { pending.append(node.zero) }
                if let entry = node.entry {
                    return entry
                }
            }
            return nil
        }
    }

    /// An iterator over a snapshot of the table; later changes to the table do not affect it.
    public func makeIterator() -> Iterator {
        Iterator(nodes: nodes)
    }

    /// The number of entries; iteration yields exactly this many.
    public var underestimatedCount: Int { count }
}

extension PrefixTrie: Equatable where Value: Equatable {
    /// Tables are equal when they hold the same prefixes with equal values, however they were built.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { $0.cidr == $1.cidr && $0.value == $1.value }
    }
}
