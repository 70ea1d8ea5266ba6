import Addressing
import Testing

/// Invariants checked over many seeded random blocks against obvious brute-force definitions.
struct PropertyTests {
    @Test(arguments: [UInt64(1), 2, 3])
    func ipv4RelationsAgreeWithAddressRanges(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for _ in 0..<2000 {
            let a = random.ipv4CIDR()
            let b = random.ipv4CIDR()
            #expect(a.overlaps(b) == b.overlaps(a))
            #expect(!a.contains(b) || a.overlaps(b))
            #expect(a.overlaps(b) == (max(a.firstAddress, b.firstAddress) <= min(a.lastAddress, b.lastAddress)))
            #expect(a.contains(b) == (a.firstAddress <= b.firstAddress && b.lastAddress <= a.lastAddress))
            #expect(a.canonical.contains(a) && a.contains(a.canonical))
        }
    }

    @Test(arguments: [UInt64(4), 5])
    func ipv6RelationsAgreeWithAddressRanges(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for _ in 0..<2000 {
            let a = random.ipv6CIDR()
            let b = random.ipv6CIDR()
            #expect(a.overlaps(b) == b.overlaps(a))
            #expect(!a.contains(b) || a.overlaps(b))
            #expect(a.overlaps(b) == (max(a.firstAddress, b.firstAddress) <= min(a.lastAddress, b.lastAddress)))
            #expect(IPv6Address(a.address.description) == a.address)
        }
    }

    @Test(arguments: [UInt64(6), 7, 8])
    func ipv4LongestMatchEqualsABruteForceScan(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        checkLongestMatch(blocks: (0..<300).map { _ in random.ipv4CIDR() }, random: &random)
    }

    @Test(arguments: [UInt64(9), 10])
    func ipv6LongestMatchEqualsABruteForceScan(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        checkLongestMatch(blocks: (0..<300).map { _ in random.ipv6CIDR() }, random: &random)
    }

    /// Inserts `blocks`, removes a third of them, and compares every answer with a scan of a plain dictionary.
    private func checkLongestMatch<Block: CIDRBlock>(blocks: [Block], random: inout SplitMix64) {
        var trie = PrefixTrie<Block, Int>()
        var expected: [Block: Int] = [:]
        for (index, block) in blocks.enumerated() {
            trie.insert(block, value: index)
            expected[block.canonical] = index
        }
        for block in blocks where Int.random(in: 0..<3, using: &random) == 0 {
            #expect(trie.remove(block) == expected.removeValue(forKey: block.canonical))
        }
        #expect(trie.count == expected.count)
        #expect(trie.map(\.cidr) == expected.keys.sorted { ($0.network, $0.prefixLength) < ($1.network, $1.prefixLength) })
        for _ in 0..<3000 {
            let address = random.address(near: blocks)
            let scan = expected.filter { $0.key.contains(address) }.max { $0.key.prefixLength < $1.key.prefixLength }
            let match = trie.longestMatch(for: address)
            #expect(match?.cidr == scan?.key)
            #expect(match?.value == scan?.value)
        }
    }
}
