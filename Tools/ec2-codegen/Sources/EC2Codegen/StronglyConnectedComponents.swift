/// Tarjan's strongly connected components, iteratively (no recursion depth limit).
struct StronglyConnectedComponents {
    /// For each node, the index of its component; nodes on a common cycle share an index.
    private(set) var componentOfNode: [String: Int] = [:]

    init(nodes: [String], successors: (String) -> [String]) {
        var index: [String: Int] = [:]
        var lowLink: [String: Int] = [:]
        var stack: [String] = []
        var onStack: Set<String> = []
        var nextIndex = 0
        var components = 0
        for root in nodes where index[root] == nil {
            // Each frame is a node and the successors still to visit.
            var frames: [(node: String, pending: [String])] = []
            func visit(_ node: String) {
                index[node] = nextIndex
                lowLink[node] = nextIndex
                nextIndex += 1
                stack.append(node)
                onStack.insert(node)
                frames.append((node, successors(node).reversed()))
            }
            visit(root)
            while let frame = frames.last {
                if let successor = frames[frames.count - 1].pending.popLast() {
                    if index[successor] == nil {
                        visit(successor)
                    } else if onStack.contains(successor) {
                        lowLink[frame.node] = min(lowLink[frame.node]!, index[successor]!)
                    }
                    continue
                }
                frames.removeLast()
                if let parent = frames.last {
                    lowLink[parent.node] = min(lowLink[parent.node]!, lowLink[frame.node]!)
                }
                if lowLink[frame.node] == index[frame.node] {
                    while let member = stack.popLast() {
                        onStack.remove(member)
                        componentOfNode[member] = components
                        if member == frame.node { break }
                    }
                    components += 1
                }
            }
        }
    }
}
