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
        func consider(_ id: String, _ resourceType: String, _ tags: TagSet, createdAt: Date) {
            for (key, value) in tags {
                let sortId = id + "|" + key
                guard selection.admits(time: createdAt, id: sortId), Self.selects(query.filters, key: key, value: value, id: id, type: resourceType)
                else { continue }
                selection.offer(
                    TagDescription(resourceId: id, resourceType: resourceType, key: key, value: value, createdAt: createdAt), time: createdAt,
                    id: sortId)
            }
        }
        func collect<R: TaggedResource>(_ resources: PersistentDictionary<String, R>, where isVisible: (R) -> Bool = { _ in true }) {
            for resource in resources.values where !resource.tags.isEmpty && isVisible(resource) {
                consider(resource.id, R.resourceType, resource.tags, createdAt: resource.createdAt)
            }
        }
        let region = self[scope]
        collect(region.vpcs)
        collect(region.subnets)
        collect(region.routeTables)
        collect(region.internetGateways)
        collect(region.egressOnlyInternetGateways)
        collect(region.dhcpOptions)
        collect(region.vpnGateways) { $0.isVisible(at: now) }
        collect(region.customerGateways) { $0.isVisible(at: now) }
        collect(region.securityGroups)
        collect(region.networkAcls)
        collect(region.instances) { $0.isVisible(at: now) }
        collect(region.networkInterfaces)
        collect(region.addresses)
        collect(region.networkInsightsPaths)
        collect(region.networkInsightsAnalyses)
        collect(region.natGateways) { $0.isVisible(at: now) }
        collect(region.volumes)
        collect(region.launchTemplates)
        collect(region.keyPairs)
        collect(region.flowLogs)
        collect(region.managedPrefixLists)
        collect(region.vpcEndpoints) { $0.isVisible(at: now) }
        collect(region.transitGateways) { $0.isVisible(at: now) }
        collect(region.transitGatewayAttachments) { $0.isVisible(at: now) }
        collect(region.transitGatewayRouteTables) { $0.isVisible(at: now) }
        collect(region.transitGatewayPeeringAttachments) { $0.isVisible(at: now) }
        for peering in peerings(of: scope) where peering.isVisible(to: scope, at: now) {
            consider(peering.id, VpcPeeringConnection.resourceType, peering.tagsByScope[scope] ?? TagSet(), createdAt: peering.createdAt)
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
