#if os(Linux)
    import Glibc

    /// The `bpf(2)` commands the fast path uses: hash maps, loading a traffic-control program, and attaching it to a
    /// link's ingress (tcx, Linux 6.6 and later). Every object is a file descriptor the server holds: when the server
    /// ends, the kernel detaches and frees them, and the routers carry every flow the ordinary way.
    enum BpfSystemCall {
        /// `BPF_MAP_TYPE_LRU_HASH`: a hash map that makes room by dropping its least recently used entry.
        static let leastRecentlyUsedHashMap: UInt32 = 9
        /// `BPF_PROG_TYPE_SCHED_CLS`.
        static let trafficControlProgram: UInt32 = 3
        /// `BPF_TCX_INGRESS` (not yet in older userspace headers; the kernel's enum has it at 46 since 6.6).
        static let tcxIngress: UInt32 = 46

        private enum Command: Int32 {
            case mapCreate = 0, mapLookup = 1, mapDelete = 3, programLoad = 5, mapLookupBatch = 24, mapUpdateBatch =
                26, linkCreate = 28
        }

        /// `union bpf_attr` is larger than any command's part; the kernel wants whatever it does not know zeroed.
        private static let attributeSize = 144

        /// A new map of `capacity` entries (`type`: `BPF_MAP_TYPE_…`).
        static func createMap(type: UInt32, keySize: Int, valueSize: Int, capacity: Int, name: String) throws(KernelError) -> Int32 {
            var attributes = Attributes()
            attributes.put(type, at: 0)
            attributes.put(UInt32(keySize), at: 4)
            attributes.put(UInt32(valueSize), at: 8)
            attributes.put(UInt32(capacity), at: 12)
            attributes.put(name: name, at: 28)
            return try call(.mapCreate, &attributes, "bpf(BPF_MAP_CREATE)")
        }

        /// Loads a traffic-control program; a refusal carries the verifier's log (asked for on a second try only).
        static func loadProgram(_ instructions: [BpfInstruction], name: String) throws(KernelError) -> Int32 {
            do {
                return try loadProgram(instructions, name: name, logSize: 0)
            } catch {
                return try loadProgram(instructions, name: name, logSize: 1 << 20)
            }
        }

        private static func loadProgram(_ instructions: [BpfInstruction], name: String, logSize: Int) throws(KernelError) -> Int32 {
            let code = instructions.flatMap(\.bytes)
            let license = Array("GPL".utf8CString)
            var log = [CChar](repeating: 0, count: max(logSize, 1))
            var attributes = Attributes()
            let result: Result<Int32, KernelError> = code.withUnsafeBufferPointer { code in
                license.withUnsafeBufferPointer { license in
                    log.withUnsafeMutableBufferPointer { log in
                        attributes.put(trafficControlProgram, at: 0)
                        attributes.put(UInt32(instructions.count), at: 4)
                        attributes.put(UInt64(UInt(bitPattern: code.baseAddress)), at: 8)
                        attributes.put(UInt64(UInt(bitPattern: license.baseAddress)), at: 16)
                        if logSize > 0 {
                            attributes.put(UInt32(1), at: 24)
                            attributes.put(UInt32(log.count), at: 28)
                            attributes.put(UInt64(UInt(bitPattern: log.baseAddress)), at: 32)
                        }
                        attributes.put(name: name, at: 48)
                        return Result { () throws(KernelError) in try call(.programLoad, &attributes, "bpf(BPF_PROG_LOAD)") }
                    }
                }
            }
            switch result {
            case .success(let descriptor): return descriptor
            case .failure(let error):
                let verifier = log.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
                guard !verifier.isEmpty else { throw error }
                throw KernelError(code: error.code, message: error.message + "; the verifier said:\n" + verifier, errorNumber: error.errorNumber)
            }
        }

        /// Attaches a program to the ingress of link `index` in the calling thread's namespace; the returned link
        /// detaches when it is closed.
        static func attachIngress(program: Int32, linkIndex: Int32) throws(KernelError) -> Int32 {
            var attributes = Attributes()
            attributes.put(UInt32(bitPattern: program), at: 0)
            attributes.put(UInt32(bitPattern: linkIndex), at: 4)
            attributes.put(tcxIngress, at: 8)
            return try call(.linkCreate, &attributes, "bpf(BPF_LINK_CREATE tcx ingress)")
        }

        /// Writes several entries in one call: `keys` and `values` each laid end to end.
        static func update(map: Int32, keys: [UInt8], values: [UInt8], count: Int) throws(KernelError) {
            var attributes = Attributes()
            let result: Result<Int32, KernelError> = keys.withUnsafeBufferPointer { keys in
                values.withUnsafeBufferPointer { values in
                    attributes.put(UInt64(UInt(bitPattern: keys.baseAddress)), at: 16)
                    attributes.put(UInt64(UInt(bitPattern: values.baseAddress)), at: 24)
                    attributes.put(UInt32(count), at: 32)
                    attributes.put(UInt32(bitPattern: map), at: 36)
                    return Result { () throws(KernelError) in try call(.mapUpdateBatch, &attributes, "bpf(BPF_MAP_UPDATE_BATCH)") }
                }
            }
            _ = try result.get()
        }

        /// The value at `key`, or nil when there is none.
        static func lookup(map: Int32, key: [UInt8], valueSize: Int) throws(KernelError) -> [UInt8]? {
            var key = key
            var value = [UInt8](repeating: 0, count: valueSize)
            guard try elementCall(.mapLookup, map: map, key: &key, value: &value, "bpf(BPF_MAP_LOOKUP_ELEM)") else { return nil }
            return value
        }

        /// Deletes `key`; false when it was not there.
        @discardableResult
        static func delete(map: Int32, key: [UInt8]) throws(KernelError) -> Bool {
            var key = key
            var none: [UInt8] = []
            return try elementCall(.mapDelete, map: map, key: &key, value: &none, "bpf(BPF_MAP_DELETE_ELEM)")
        }

        /// Every entry of the map, read a few thousand at a time (entries added or deleted meanwhile may be missed).
        static func entries(map: Int32, keySize: Int, valueSize: Int) throws(KernelError) -> [(key: [UInt8], value: [UInt8])] {
            let chunk = 4096
            var entries: [(key: [UInt8], value: [UInt8])] = []
            var keys = [UInt8](repeating: 0, count: chunk * keySize)
            var values = [UInt8](repeating: 0, count: chunk * valueSize)
            // The position to go on from, which the kernel writes (a hash map's: a bucket number).
            var position = [UInt8](repeating: 0, count: 8)
            var next = [UInt8](repeating: 0, count: 8)
            var first = true
            while true {
                var attributes = Attributes()
                let result: Result<Int32, KernelError> = keys.withUnsafeMutableBufferPointer { keys in
                    values.withUnsafeMutableBufferPointer { values in
                        position.withUnsafeMutableBufferPointer { position in
                            next.withUnsafeMutableBufferPointer { next in
                                attributes.put(first ? 0 : UInt64(UInt(bitPattern: position.baseAddress)), at: 0)
                                attributes.put(UInt64(UInt(bitPattern: next.baseAddress)), at: 8)
                                attributes.put(UInt64(UInt(bitPattern: keys.baseAddress)), at: 16)
                                attributes.put(UInt64(UInt(bitPattern: values.baseAddress)), at: 24)
                                attributes.put(UInt32(chunk), at: 32)
                                attributes.put(UInt32(bitPattern: map), at: 36)
                                return Result { () throws(KernelError) in try call(.mapLookupBatch, &attributes, "bpf(BPF_MAP_LOOKUP_BATCH)") }
                            }
                        }
                    }
                }
                let done: Bool
                switch result {
                case .success: done = false
                case .failure(let error) where error.errorNumber == ENOENT: done = true
                case .failure(let error): throw error
                }
                let count = Int(attributes.number(at: 32))
                for index in 0..<count {
                    entries.append(
                        (Array(keys[index * keySize..<(index + 1) * keySize]), Array(values[index * valueSize..<(index + 1) * valueSize])))
                }
                if done { return entries }
                position = next
                first = false
            }
        }

        /// A call on one element; false when the kernel answered `ENOENT` (no such key, or no next key).
        private static func elementCall(
            _ command: Command, map: Int32, key: inout [UInt8], value: inout [UInt8], _ what: String
        ) throws(KernelError) -> Bool {
            var attributes = Attributes()
            let result: Result<Int32, KernelError> = key.withUnsafeMutableBufferPointer { key in
                value.withUnsafeMutableBufferPointer { value in
                    attributes.put(UInt32(bitPattern: map), at: 0)
                    attributes.put(key.isEmpty ? 0 : UInt64(UInt(bitPattern: key.baseAddress)), at: 8)
                    attributes.put(value.isEmpty ? 0 : UInt64(UInt(bitPattern: value.baseAddress)), at: 16)
                    return Result { () throws(KernelError) in try call(command, &attributes, what) }
                }
            }
            switch result {
            case .success: return true
            case .failure(let error) where error.errorNumber == ENOENT: return false
            case .failure(let error): throw error
            }
        }

        private static func call(_ command: Command, _ attributes: inout Attributes, _ what: String) throws(KernelError) -> Int32 {
            let result = attributes.bytes.withUnsafeMutableBytes { bytes in
                systemCall(systemCallNumber, Int(command.rawValue), bytes.baseAddress!, UInt(attributeSize))
            }
            guard result >= 0 else { throw KernelError.systemCall(what, errorNumber: errno) }
            return Int32(truncatingIfNeeded: result)
        }

        /// `union bpf_attr`, written field by field at the kernel's offsets.
        private struct Attributes {
            var bytes = [UInt8](repeating: 0, count: attributeSize)

            mutating func put(_ value: some FixedWidthInteger, at offset: Int) {
                bytes.storeNative(value, at: offset)
            }

            func number(at offset: Int) -> UInt32 {
                bytes[...].nativeInteger(at: offset) ?? 0
            }

            /// An object name: at most 15 bytes and a NUL.
            mutating func put(name: String, at offset: Int) {
                for (index, byte) in name.utf8.prefix(15).enumerated() { bytes[offset + index] = byte }
            }
        }

        /// `long syscall(long number, ...)`, looked up by name (Swift cannot call a variadic C function).
        private static let systemCall: @convention(c) (Int, Int, UnsafeMutableRawPointer, UInt) -> Int = {
            guard let symbol = dlsym(nil, "syscall") else { fatalError("the C library has no syscall") }
            return unsafeBitCast(symbol, to: (@convention(c) (Int, Int, UnsafeMutableRawPointer, UInt) -> Int).self)
        }()

        #if arch(x86_64)
            private static let systemCallNumber = 321
        #elseif arch(arm64)
            private static let systemCallNumber = 280
        #endif
    }
#endif
