public import Foundation

/// One tag of one resource, as DescribeTags lists it.
public struct TagDescription: Sendable, Hashable {
    public let resourceId: String
    public let resourceType: String
    public let key: String
    public let value: String
    let createdAt: Date
}

extension CloudState {
    /// The filters DescribeTags documents.
    static let tagFilterNames: Set<String> = ["key", "resource-id", "resource-type", "value"]

    /// Every tag of every resource in `scope` that the filters select, grouped by resource in creation order.
    public func describeTags(in scope: AccountRegion, query: DescribeQuery, at now: Date) throws(EC2Error) -> Page<TagDescription> {
        for filter in query.filters where !(Self.tagFilterNames.contains(filter.name) || filter.name.hasPrefix("tag:")) {
            throw .invalidFilter(filter.name)
        }
        var selection = try PageSelection<TagDescription>(query: query)
        // Where the page starts: the resource the token's tag belongs to (its tags after the token's key are next).
        let boundary = selection.lastServed.map { (time: $0.time, id: String($0.id.prefix { $0 != "|" })) }
        let region = self[scope]
        // Every kind of tagged resource, each walked in creation order from the boundary, merged into one order.
        var sources: [TagSource] = []
        func add<R: TaggedResource>(_ table: PersistentDictionary<String, R>, where isVisible: @escaping (R) -> Bool = { _ in true }) {
            let order = region.creationOrder(R.self)
            sources.append(
                TagSource(order: order, position: TagSource.start(in: order, at: boundary)) { id in
                    guard let resource = table[id], isVisible(resource) else { return nil }
                    return (R.resourceType, resource.tags)
                })
        }
        add(region.vpcs)
        add(region.subnets)
        add(region.routeTables)
        add(region.internetGateways)
        add(region.egressOnlyInternetGateways)
        add(region.dhcpOptions)
        add(region.vpnGateways) { $0.isVisible(at: now) }
        add(region.customerGateways) { $0.isVisible(at: now) }
        add(region.securityGroups)
        add(region.networkAcls)
        add(region.instances) { $0.isVisible(at: now) }
        add(region.networkInterfaces)
        add(region.addresses)
        add(region.networkInsightsPaths)
        add(region.networkInsightsAnalyses)
        add(region.natGateways) { $0.isVisible(at: now) }
        add(region.volumes)
        add(region.launchTemplates)
        add(region.keyPairs)
        add(region.flowLogs)
        add(region.managedPrefixLists)
        add(region.vpcEndpoints) { $0.isVisible(at: now) }
        add(region.transitGateways) { $0.isVisible(at: now) }
        add(region.transitGatewayAttachments) { $0.isVisible(at: now) }
        add(region.transitGatewayRouteTables) { $0.isVisible(at: now) }
        add(region.transitGatewayPeeringAttachments) { $0.isVisible(at: now) }
        // A security group rule lives in its group: a tagged rule is listed at its group's place in time.
        let ruleTags = Dictionary(
            region.securityGroups.values.flatMap { group in
                (group.ingress + group.egress).filter { !$0.tags.isEmpty }.map { ($0.ruleId, (time: group.createdAt, tags: $0.tags)) }
            },
            uniquingKeysWith: { first, _ in first })
        let ruleOrder = ruleTags.map { CreationKey(time: $0.value.time, id: $0.key) }.sorted()
        sources.append(
            TagSource(order: ruleOrder, position: TagSource.start(in: ruleOrder, at: boundary)) { id in
                ruleTags[id].map { (SecurityGroupRule.resourceType, $0.tags) }
            })
        // Peerings are kept in the requester's region and seen from both: a few, sorted here.
        let peerings = Dictionary(uniqueKeysWithValues: peerings(of: scope).filter { $0.isVisible(to: scope, at: now) }.map { ($0.id, $0) })
        let peeringOrder = peerings.values.map { CreationKey(time: $0.createdAt, id: $0.id) }.sorted()
        sources.append(
            TagSource(order: peeringOrder, position: TagSource.start(in: peeringOrder, at: boundary)) { id in
                peerings[id].map { (VpcPeeringConnection.resourceType, $0.tagsByScope[scope] ?? TagSet()) }
            })
        // The tags of the resources in order (a resource's tags in key order, as "id|key" sorts them: no id is the
        // start of another), until the page and one more are taken.
        while !selection.isFull {
            var next: Int?
            for index in sources.indices {
                guard let key = sources[index].current else { continue }
                if let best = next, sources[best].current! <= key { continue }
                next = index
            }
            guard let next, let key = sources[next].current else { break }
            sources[next].position += 1
            guard let (resourceType, tags) = sources[next].read(key.id) else { continue }
            for (tagKey, value) in tags.sorted(by: { $0.key < $1.key }) {
                let sortId = key.id + "|" + tagKey
                guard selection.admits(time: key.time, id: sortId),
                    Self.selects(query.filters, key: tagKey, value: value, id: key.id, type: resourceType)
                else { continue }
                selection.offer(
                    TagDescription(resourceId: key.id, resourceType: resourceType, key: tagKey, value: value, createdAt: key.time),
                    time: key.time, id: sortId)
            }
        }
        return selection.page()
    }

    /// Whether DescribeTags' filters select one tag of a resource.
    private static func selects(_ filters: [Filter], key: String, value: String, id: String, type: String) -> Bool {
        filters.allSatisfy { filter in
            switch filter.name {
            case "key": filter.matches(any: [key])
            case "value": filter.matches(any: [value])
            case "resource-id": filter.matches(any: [id])
            case "resource-type": filter.matches(any: [type])
            default: key == filter.name.dropFirst(4) && filter.matches(any: [value])
            }
        }
    }
}

/// One kind of tagged resource as DescribeTags walks it: its ids in creation order, where the walk is, and how to read
/// a resource's type and tags by id (nil when it is not shown).
private struct TagSource {
    let order: [CreationKey]
    var position: Int
    let read: (String) -> (String, TagSet)?

    var current: CreationKey? { position < order.count ? order[position] : nil }

    /// The first resource at or after `boundary` (its time as a page token has it), all of them without one.
    static func start(in order: [CreationKey], at boundary: (time: Double, id: String)?) -> Int {
        guard let boundary else { return 0 }
        return order.partitionPoint { ($0.time.timeIntervalSince1970, $0.id) < (boundary.time, boundary.id) }
    }
}
