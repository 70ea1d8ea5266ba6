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
        let region = self[scope]
        var tags: [TagDescription] = []
        func collect<R: TaggedResource>(_ resources: PersistentDictionary<String, R>) {
            for resource in resources.values {
                for (key, value) in resource.tags {
                    tags.append(
                        TagDescription(resourceId: resource.id, resourceType: R.resourceType, key: key, value: value, createdAt: resource.createdAt))
                }
            }
        }
        collect(region.vpcs)
        collect(region.subnets)
        collect(region.routeTables)
        collect(region.internetGateways)
        collect(region.egressOnlyInternetGateways)
        collect(region.dhcpOptions)
        collect(region.vpnGateways.filter { $0.value.isVisible(at: now) })
        collect(region.customerGateways.filter { $0.value.isVisible(at: now) })
        collect(region.securityGroups)
        collect(region.networkAcls)
        collect(region.instances.filter { $0.value.isVisible(at: now) })
        collect(region.networkInterfaces)
        collect(region.addresses)
        collect(region.networkInsightsPaths)
        collect(region.networkInsightsAnalyses)
        collect(region.natGateways.filter { $0.value.isVisible(at: now) })
        collect(region.volumes)
        collect(region.launchTemplates)
        collect(region.keyPairs)
        collect(region.flowLogs)
        collect(region.managedPrefixLists)
        collect(region.vpcEndpoints.filter { $0.value.isVisible(at: now) })
        collect(region.transitGateways.filter { $0.value.isVisible(at: now) })
        collect(region.transitGatewayAttachments.filter { $0.value.isVisible(at: now) })
        collect(region.transitGatewayRouteTables.filter { $0.value.isVisible(at: now) })
        collect(region.transitGatewayPeeringAttachments.filter { $0.value.isVisible(at: now) })
        for peering in peerings(of: scope) where peering.isVisible(to: scope, at: now) {
            for (key, value) in peering.tagsByScope[scope] ?? TagSet() {
                tags.append(
                    TagDescription(
                        resourceId: peering.id, resourceType: VpcPeeringConnection.resourceType, key: key, value: value, createdAt: peering.createdAt)
                )
            }
        }
        let selected = tags.filter { tag in
            query.filters.allSatisfy { filter in
                switch filter.name {
                case "key": filter.matches(any: [tag.key])
                case "value": filter.matches(any: [tag.value])
                case "resource-id": filter.matches(any: [tag.resourceId])
                case "resource-type": filter.matches(any: [tag.resourceType])
                default: tag.key == filter.name.dropFirst(4) && filter.matches(any: [tag.value])
                }
            }
        }
        return try paginate(selected, query: query) { ($0.createdAt, "\($0.resourceId)|\($0.key)") }
    }
}
