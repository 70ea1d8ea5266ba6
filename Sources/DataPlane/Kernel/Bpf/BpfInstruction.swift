/// One eBPF instruction, as the kernel reads it (`struct bpf_insn`): what LocalVPC's own programs are assembled from,
/// so the server needs no compiler or object file to carry flows in the kernel.
struct BpfInstruction: Sendable, Hashable {
    var code: UInt8
    var destination: UInt8
    var source: UInt8
    var offset: Int16
    var immediate: Int32

    /// The 8 bytes the kernel reads: code, registers (source in the high nibble), offset and immediate, little-endian.
    var bytes: [UInt8] {
        let offset = UInt16(bitPattern: self.offset)
        let immediate = UInt32(bitPattern: self.immediate)
        return [
            code, source << 4 | destination, UInt8(offset & 0xff), UInt8(offset >> 8),
            UInt8(immediate & 0xff), UInt8(immediate >> 8 & 0xff), UInt8(immediate >> 16 & 0xff), UInt8(immediate >> 24),
        ]
    }

    /// A register: r0 holds results, r1–r5 arguments (clobbered by calls), r6–r9 survive calls, r10 the frame pointer.
    struct Register: Sendable, Hashable {
        let number: UInt8
        static let r0 = Register(number: 0)
        static let r1 = Register(number: 1)
        static let r2 = Register(number: 2)
        static let r3 = Register(number: 3)
        static let r4 = Register(number: 4)
        static let r5 = Register(number: 5)
        static let r6 = Register(number: 6)
        static let r7 = Register(number: 7)
        static let r8 = Register(number: 8)
        static let r9 = Register(number: 9)
        static let frame = Register(number: 10)
    }

    /// How many bytes a load or store moves.
    enum Size: UInt8, Sendable {
        case word = 0x00, half = 0x08, byte = 0x10, double = 0x18
    }

    /// The arithmetic operations used here.
    enum Operation: UInt8, Sendable {
        case add = 0x00, sub = 0x10, move = 0xb0
    }

    /// Conditions of a jump (unsigned comparisons).
    enum Condition: UInt8, Sendable {
        case equal = 0x10, greater = 0x20, anyBitSet = 0x40, notEqual = 0x50, less = 0xa0
    }

    // Instruction classes and modes (`<linux/bpf.h>`).
    static let loadClass: UInt8 = 0x00
    static let loadRegisterClass: UInt8 = 0x01
    static let storeClass: UInt8 = 0x02
    static let storeRegisterClass: UInt8 = 0x03
    static let jumpClass: UInt8 = 0x05
    static let arithmetic64Class: UInt8 = 0x07
    static let memoryMode: UInt8 = 0x60
    static let atomicMode: UInt8 = 0xc0
    static let registerSource: UInt8 = 0x08
    static let callOperation: UInt8 = 0x80
    static let exitOperation: UInt8 = 0x90
    /// `BPF_PSEUDO_MAP_FD`: the source field of a 64-bit load that names a map by its file descriptor.
    static let mapDescriptorSource: UInt8 = 1
}
