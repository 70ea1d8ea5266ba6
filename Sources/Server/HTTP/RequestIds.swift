import Synchronization

/// Request ids as AWS writes them (a lowercase version-4 UUID), made without a system call.
///
/// Foundation's `UUID()` reads `/dev/urandom` on Linux: an `openat`, a `read` and a `close` for every request, half of
/// the system calls of a describe answered from `DescribeAnswerCache`. Here a counter goes through SplitMix64's
/// finalizer, a bijection of `UInt64`, from two random seeds drawn once per process: each half of an id is distinct
/// for every request of the process before the 6 fixed version and variant bits are set (two ids then coincide with a
/// chance of about 2^-122), ids differ across restarts, and they look like AWS's. Clients only echo request ids;
/// nothing secret rests on them.
enum RequestIds {
    private static let seeds = (UInt64.random(in: .min ... .max), UInt64.random(in: .min ... .max))
    private static let counter = Atomic<UInt64>(0)

    /// The next id, such as `1b4e28ba-2fa1-4d2e-883f-0016d3cca427`.
    static func next() -> String {
        let count = counter.add(1, ordering: .relaxed).newValue
        let high = mix(seeds.0 &+ count)
        let low = mix(seeds.1 ^ count)
        return format(high: high, low: low)
    }

    /// SplitMix64's output function: a bijection, so distinct inputs give distinct outputs.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The 128 bits as a UUID's text, with the version (4) and variant (RFC 4122) bits set as a random UUID has them.
    static func format(high: UInt64, low: UInt64) -> String {
        let high = high & 0xFFFF_FFFF_FFFF_0FFF | 0x0000_0000_0000_4000
        let low = low & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000
        return String(unsafeUninitializedCapacity: 36) { buffer in
            let digits: StaticString = "0123456789abcdef"
            var index = 0
            func write(_ value: UInt64, nibbles: Int) {
                for shift in stride(from: (nibbles - 1) * 4, through: 0, by: -4) {
                    buffer[index] = digits.utf8Start[Int(value >> UInt64(shift) & 0xF)]
                    index += 1
                }
            }
            func dash() {
                buffer[index] = UInt8(ascii: "-")
                index += 1
            }
            write(high >> 32, nibbles: 8)
            dash()
            write(high >> 16 & 0xFFFF, nibbles: 4)
            dash()
            write(high & 0xFFFF, nibbles: 4)
            dash()
            write(low >> 48, nibbles: 4)
            dash()
            write(low & 0xFFFF_FFFF_FFFF, nibbles: 12)
            return index
        }
    }
}
