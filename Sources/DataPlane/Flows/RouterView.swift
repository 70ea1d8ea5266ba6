/// What the flow decider needs to know of one router: its VPC and where each of its links leads, by interface index.
struct RouterView: Sendable, Hashable {
    let vpcId: String
    let namespace: String
    let destinations: [Int32: RouterLink.Destination]
    let indexes: [String: Int32]

    init(router: VpcRouter, indexes: [String: Int32]) {
        vpcId = router.vpcId
        namespace = router.namespace
        var destinations: [Int32: RouterLink.Destination] = [:]
        for link in router.links { if let index = indexes[link.name] { destinations[index] = link.destination } }
        self.destinations = destinations
        self.indexes = indexes
    }

    /// The index of the link that leads to `destination`, if the router has one.
    func index(of kind: DataPlaneNames.LinkKind, _ id: String) -> Int32? {
        indexes[DataPlaneNames.link(kind, id)]
    }
}
