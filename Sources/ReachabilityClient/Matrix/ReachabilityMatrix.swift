/// `localvpc reach --matrix`: which instances reach which, every ordered pair analysed once.
public struct ReachabilityMatrix: Sendable, Hashable, Codable {
    /// The instances, in the order of the table's rows and columns.
    public var instances: [Endpoint]
    /// One cell per ordered pair of different instances.
    public var pairs: [Pair]

    /// The verdict for one ordered pair, with the codes of what blocked it.
    public struct Pair: Sendable, Hashable, Codable {
        public var source: String
        public var destination: String
        public var reachable: Bool
        /// `CODE at component` for each explanation.
        public var blockedBy: [String]

        /// A pair from its parts.
        public init(source: String, destination: String, reachable: Bool, blockedBy: [String] = []) {
            self.source = source
            self.destination = destination
            self.reachable = reachable
            self.blockedBy = blockedBy
        }
    }

    /// A matrix from its parts.
    public init(instances: [Endpoint], pairs: [Pair]) {
        self.instances = instances
        self.pairs = pairs
    }

    /// The cell for `source` → `destination`.
    public func pair(_ source: String, _ destination: String) -> Pair? {
        pairs.first { $0.source == source && $0.destination == destination }
    }
}

extension ReachabilityClient {
    /// Analyses every ordered pair of the instances of `vpc` (or of the region), a few at a time.
    public func matrix(vpc: String?, _ traffic: Traffic, concurrency: Int = 4) async throws -> ReachabilityMatrix {
        let instances = try await instances(inVpc: vpc)
        let ordered = instances.flatMap { a in instances.filter { $0.id != a.id }.map { (a, $0) } }
        var pairs: [ReachabilityMatrix.Pair] = []
        try await withThrowingTaskGroup(of: ReachabilityMatrix.Pair.self) { group in
            var next = 0
            func enqueue() {
                guard next < ordered.count else { return }
                let (source, destination) = ordered[next]
                next += 1
                group.addTask {
                    let report = try await analyze(from: source, to: destination, traffic)
                    return ReachabilityMatrix.Pair(
                        source: source.id ?? "", destination: destination.id ?? "", reachable: report.reachable,
                        blockedBy: report.explanations.map { "\($0.code) at \($0.componentId)" })
                }
            }
            for _ in 0..<max(1, concurrency) { enqueue() }
            while let pair = try await group.next() {
                pairs.append(pair)
                enqueue()
            }
        }
        let order = Dictionary(uniqueKeysWithValues: instances.enumerated().map { ($0.element.id ?? "", $0.offset) })
        pairs.sort { (order[$0.source] ?? 0, order[$0.destination] ?? 0) < (order[$1.source] ?? 0, order[$1.destination] ?? 0) }
        return ReachabilityMatrix(instances: instances, pairs: pairs)
    }
}
