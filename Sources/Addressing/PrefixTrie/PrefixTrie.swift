/// A table from CIDR blocks to values answering longest-prefix match, as a route table does.
///
/// A binary trie over the address bits, stored as an array of nodes so that a
/// lookup walks at most 32 (IPv4) or 128 (IPv6) array slots, allocates nothing
/// and touches no strings: it is meant for the packet path. It is a value
/// (copy-on-write), generic over the family through `CIDRBlock`; use
/// `IPv4PrefixTrie<Value>` or `IPv6PrefixTrie<Value>`.
///
/// Keys are canonicalized on the way in: inserting "10.0.0.5/16" stores and
/// later reports "10.0.0.0/16", and replaces whatever "10.0.0.0/16" held.
public struct PrefixTrie<Block: CIDRBlock, Value: Sendable>: Sendable {
    /// One stored prefix and its value.
    public typealias Entry = (cidr: Block, value: Value)

    @usableFromInline
    struct Node: Sendable {
        /// Child node indices for a 0 bit and a 1 bit; 0 means none, since the root is no one's child.
        @usableFromInline var zero = 0
        @usableFromInline var one = 0
        @usableFromInline var entry: Entry?

        @usableFromInline
        init() {}
    }

    /// Node 0 is the root, which holds the /0 entry if there is one.
    @usableFromInline var nodes: [Node] = [Node()]
    /// Indices of pruned nodes, reused before the array grows.
    private var freeIndices: [Int] = []

    /// The number of prefixes stored.
    public private(set) var count = 0

    /// Creates an empty table.
    public init() {}

    /// Creates a table holding `entries`; a later duplicate prefix replaces an earlier one.
    public init(_ entries: some Sequence<Entry>) {
        for (cidr, value) in entries {
            insert(cidr, value: value)
        }
    }

    /// Whether the table is empty.
    public var isEmpty: Bool { count == 0 }

    /// The stored entry with the longest prefix that contains `address`, or `nil` if none does.
    @inlinable
    public func longestMatch(for address: Block.Address) -> Entry? {
        let topBit: Block.Address.Bits = 1 << (Block.Address.bitWidth - 1)
        var remaining = address.bits
        var index = 0
        var best = nodes[0].entry == nil ? -1 : 0
        for _ in 0..<Block.Address.bitWidth {
            let child = remaining & topBit == 0 ? nodes[index].zero : nodes[index].one
            guard child != 0 else { break }
            index = child
            remaining <<= 1
            if nodes[index].entry != nil {
                best = index
            }
        }
        return best < 0 ? nil : nodes[best].entry
    }

    /// The value stored for exactly this prefix (host bits ignored), or `nil`.
    public func exactMatch(_ cidr: Block) -> Value? {
        let key = cidr.canonical
        var index = 0
        for depth in 0..<key.prefixLength {
            index = key.address.bit(at: depth) ? nodes[index].one : nodes[index].zero
            guard index != 0 else { return nil }
        }
        return nodes[index].entry?.value
    }

    /// Stores `value` for `cidr`, replacing the value of the same prefix; returns the replaced value.
    @discardableResult
    public mutating func insert(_ cidr: Block, value: Value) -> Value? {
        let key = cidr.canonical
        var index = 0
        for depth in 0..<key.prefixLength {
            let child = key.address.bit(at: depth) ? nodes[index].one : nodes[index].zero
            if child != 0 {
                index = child
                continue
            }
            let newNode = allocateNode()
            if key.address.bit(at: depth) {
                nodes[index].one = newNode
            } else {
                nodes[index].zero = newNode
            }
            index = newNode
        }
        let replaced = nodes[index].entry?.value
        if replaced == nil {
            count += 1
        }
        nodes[index].entry = (key, value)
        return replaced
    }

    /// Removes the prefix (host bits ignored) and returns its value, or `nil` if it was not stored.
    @discardableResult
    public mutating func remove(_ cidr: Block) -> Value? {
        let key = cidr.canonical
        let path = path(to: key)
        guard path.count == key.prefixLength + 1, let removed = nodes[path[path.count - 1]].entry?.value else { return nil }
        nodes[path[path.count - 1]].entry = nil
        count -= 1
        // Prune the now useless tail of the path so that route churn does not grow the array.
        var depth = key.prefixLength
        while depth > 0 {
            let index = path[depth]
            guard nodes[index].entry == nil && nodes[index].zero == 0 && nodes[index].one == 0 else { break }
            let parent = path[depth - 1]
            if key.address.bit(at: depth - 1) {
                nodes[parent].one = 0
            } else {
                nodes[parent].zero = 0
            }
            nodes[index] = Node()
            freeIndices.append(index)
            depth -= 1
        }
        return removed
    }

    /// The node indices from the root toward `key`'s node; shorter than prefixLength + 1 when the node is missing.
    private func path(to key: Block) -> [Int] {
        var path = [0]
        path.reserveCapacity(key.prefixLength + 1)
        var index = 0
        for depth in 0..<key.prefixLength {
            index = key.address.bit(at: depth) ? nodes[index].one : nodes[index].zero
            guard index != 0 else { break }
            path.append(index)
        }
        return path
    }

    private mutating func allocateNode() -> Int {
        if let reused = freeIndices.popLast() {
            return reused
        }
        nodes.append(Node())
        return nodes.count - 1
    }
}

/// A longest-prefix-match table keyed by IPv4 blocks.
public typealias IPv4PrefixTrie<Value: Sendable> = PrefixTrie<IPv4CIDR, Value>

/// A longest-prefix-match table keyed by IPv6 blocks.
public typealias IPv6PrefixTrie<Value: Sendable> = PrefixTrie<IPv6CIDR, Value>
