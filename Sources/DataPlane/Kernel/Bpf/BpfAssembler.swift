/// Writes an eBPF program instruction by instruction, with named jump targets resolved at the end.
struct BpfAssembler {
    typealias Register = BpfInstruction.Register

    private var instructions: [BpfInstruction] = []
    /// Jumps waiting for their target: instruction index → label.
    private var pending: [(index: Int, label: String)] = []
    private var labels: [String: Int] = [:]

    /// The helpers used here, by their number in `<linux/bpf.h>`'s `__BPF_FUNC_MAPPER`.
    enum Helper: Int32 {
        case mapLookupElement = 1
        case monotonicNanoseconds = 5
        case redirectPeer = 155
    }

    /// The finished program; every jump's label must have been placed.
    func assembled() -> [BpfInstruction] {
        var result = instructions
        for (index, label) in pending {
            guard let target = labels[label] else { preconditionFailure("an eBPF jump to \(label), which is placed nowhere") }
            result[index].offset = Int16(target - index - 1)
        }
        return result
    }

    mutating func label(_ name: String) {
        precondition(labels[name] == nil, "label \(name) placed twice")
        labels[name] = instructions.count
    }

    mutating func move(_ destination: Register, _ source: Register) {
        arithmetic(.move, destination, source)
    }

    mutating func move(_ destination: Register, _ immediate: Int32) {
        arithmetic(.move, destination, immediate)
    }

    mutating func arithmetic(_ operation: BpfInstruction.Operation, _ destination: Register, _ immediate: Int32) {
        append(BpfInstruction.arithmetic64Class | operation.rawValue, destination, .r0, 0, immediate)
    }

    mutating func arithmetic(_ operation: BpfInstruction.Operation, _ destination: Register, _ source: Register) {
        append(BpfInstruction.arithmetic64Class | operation.rawValue | BpfInstruction.registerSource, destination, source, 0, 0)
    }

    /// `destination = *(size *)(base + offset)`
    mutating func load(_ size: BpfInstruction.Size, _ destination: Register, _ base: Register, _ offset: Int16) {
        append(BpfInstruction.loadRegisterClass | BpfInstruction.memoryMode | size.rawValue, destination, base, offset, 0)
    }

    /// `*(size *)(base + offset) = source`
    mutating func store(_ size: BpfInstruction.Size, _ base: Register, _ offset: Int16, _ source: Register) {
        append(BpfInstruction.storeRegisterClass | BpfInstruction.memoryMode | size.rawValue, base, source, offset, 0)
    }

    /// `*(size *)(base + offset) = immediate`
    mutating func store(_ size: BpfInstruction.Size, _ base: Register, _ offset: Int16, _ immediate: Int32) {
        append(BpfInstruction.storeClass | BpfInstruction.memoryMode | size.rawValue, base, .r0, offset, immediate)
    }

    /// `lock *(u64 *)(base + offset) += source`
    mutating func atomicAdd(_ base: Register, _ offset: Int16, _ source: Register) {
        append(
            BpfInstruction.storeRegisterClass | BpfInstruction.atomicMode | BpfInstruction.Size.double.rawValue, base, source, offset,
            Int32(BpfInstruction.Operation.add.rawValue))
    }

    /// `if register <condition> immediate goto label`
    mutating func jump(if register: Register, _ condition: BpfInstruction.Condition, _ immediate: Int32, to label: String) {
        pending.append((instructions.count, label))
        append(BpfInstruction.jumpClass | condition.rawValue, register, .r0, 0, immediate)
    }

    /// `if register <condition> other goto label`
    mutating func jump(if register: Register, _ condition: BpfInstruction.Condition, _ other: Register, to label: String) {
        pending.append((instructions.count, label))
        append(BpfInstruction.jumpClass | condition.rawValue | BpfInstruction.registerSource, register, other, 0, 0)
    }

    mutating func jump(to label: String) {
        pending.append((instructions.count, label))
        append(BpfInstruction.jumpClass, .r0, .r0, 0, 0)
    }

    /// Calls a helper: arguments in r1–r5, the result in r0; r1–r5 are clobbered.
    mutating func call(_ helper: Helper) {
        append(BpfInstruction.jumpClass | BpfInstruction.callOperation, .r0, .r0, 0, helper.rawValue)
    }

    mutating func exit() {
        append(BpfInstruction.jumpClass | BpfInstruction.exitOperation, .r0, .r0, 0, 0)
    }

    /// `destination = map` for the map whose file descriptor is `descriptor` (a two-instruction 64-bit load).
    mutating func loadMap(_ destination: Register, descriptor: Int32) {
        append(
            BpfInstruction.loadClass | BpfInstruction.Size.double.rawValue, destination, Register(number: BpfInstruction.mapDescriptorSource), 0,
            descriptor)
        append(0, .r0, .r0, 0, 0)
    }

    private mutating func append(_ code: UInt8, _ destination: Register, _ source: Register, _ offset: Int16, _ immediate: Int32) {
        instructions.append(BpfInstruction(code: code, destination: destination.number, source: source.number, offset: offset, immediate: immediate))
    }
}
