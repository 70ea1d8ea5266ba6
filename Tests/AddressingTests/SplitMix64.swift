import Addressing

/// A seeded generator, so that property tests fail the same way every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A block inside 10.0.0.0/8 half the time, so that random blocks often nest and overlap.
    mutating func ipv4CIDR() -> IPv4CIDR {
        if Bool.random(using: &self) {
            let address = IPv4Address(value: 0x0A00_0000 | UInt32.random(in: 0...0xFF_FFFF, using: &self))
            return IPv4CIDR(address: address, prefixLength: Int.random(in: 8...32, using: &self))!
        }
        return IPv4CIDR(
            address: IPv4Address(value: UInt32.random(in: .min ... .max, using: &self)), prefixLength: Int.random(in: 0...32, using: &self))!
    }

    /// A block inside 2001:db8::/32 most of the time.
    mutating func ipv6CIDR() -> IPv6CIDR {
        let low = UInt64.random(in: .min ... .max, using: &self)
        if Int.random(in: 0..<4, using: &self) > 0 {
            let high = 0x2001_0DB8_0000_0000 | UInt64.random(in: 0...0xFFFF, using: &self) << 16
            return IPv6CIDR(address: IPv6Address(high: high, low: low), prefixLength: Int.random(in: 32...128, using: &self))!
        }
        let high = UInt64.random(in: .min ... .max, using: &self)
        return IPv6CIDR(address: IPv6Address(high: high, low: low), prefixLength: Int.random(in: 0...128, using: &self))!
    }

    /// An address inside one of `blocks` most of the time, anywhere otherwise.
    mutating func address<Block: CIDRBlock>(near blocks: [Block]) -> Block.Address {
        let anywhere = Block.Address.Bits.random(in: .min ... .max, using: &self)
        guard let block = blocks.randomElement(using: &self), Int.random(in: 0..<5, using: &self) > 0 else {
            return Block.Address(bits: anywhere)
        }
        let hostMask = ~Block.Address.netmask(prefixLength: block.prefixLength)
        return Block.Address(bits: block.network.bits | (anywhere & hostMask))
    }
}
