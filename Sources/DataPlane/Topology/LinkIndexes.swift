/// The interface indexes of a router namespace's links, chosen by LocalVPC (`ip link add … index N`) so that flow
/// marks and routing tables can name them before the link exists, and reused once a link is gone.
struct LinkIndexes {
    private(set) var byName: [String: Int32] = [:]
    private var free: [Int32] = []
    private var next: Int32 = 16

    /// An index for a new link called `name`.
    mutating func allocate(_ name: String) throws(DataPlaneError) -> Int32 {
        if let index = byName[name] { return index }
        let index: Int32
        if let reused = free.popLast() {
            index = reused
        } else {
            guard next <= FlowMark.linkMask else { throw .tooManyLinks }
            index = next
            next += 1
        }
        byName[name] = index
        return index
    }

    mutating func release(_ name: String) {
        if let index = byName.removeValue(forKey: name) { free.append(index) }
    }

    subscript(name: String) -> Int32? { byName[name] }

    /// The routing table a link's flows are routed by (`ip rule fwmark N lookup 1000+N`).
    static func table(of index: Int32) -> Int32 { 1000 + index }
}
