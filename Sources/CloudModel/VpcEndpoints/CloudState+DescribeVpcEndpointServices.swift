public import Foundation

/// DescribeVpcEndpointServices: the AWS services of the caller's region that endpoints can reach.
extension CloudState {
    /// The services named (all when none are) that the filters select, one page at a time, in name order. An unknown
    /// name is `InvalidServiceName`.
    public func describeVpcEndpointServices(in region: String, serviceNames: [String], query: DescribeQuery) throws(EC2Error)
        -> Page<VpcEndpointService>
    {
        for filter in query.filters where !VpcEndpointServiceCatalog.accepts(filter: filter.name) { throw .invalidFilter(filter.name) }
        var selected = VpcEndpointServiceCatalog.services(in: region)
        if let unknown = serviceNames.first(where: { name in !selected.contains { $0.name == name } }) {
            throw .invalidServiceName(unknown)
        }
        if !serviceNames.isEmpty { selected = selected.filter { serviceNames.contains($0.name) } }
        selected = selected.filter { service in
            query.filters.allSatisfy { $0.matches(any: VpcEndpointServiceCatalog.filterValues($0.name, of: service)) }
        }
        // Services have no creation time: the page key is the name and type alone, a space between them so that the
        // keys sort as the names do (`ec2` before `ec2messages`).
        let epoch = Date(timeIntervalSince1970: 0)
        return try paginate(selected, query: query) { (epoch, "\($0.name) \($0.type.rawValue)") }
    }
}

/// The filters of DescribeVpcEndpointServices.
extension VpcEndpointServiceCatalog {
    /// The filters DescribeVpcEndpointServices documents, besides `tag:<key>`, `tag-key` and `tag-value`.
    public static let filterNames: Set<String> = ["owner", "service-name", "service-region", "service-type", "supported-ip-address-types"]

    static func accepts(filter name: String) -> Bool {
        name.hasPrefix("tag:") || name == "tag-key" || name == "tag-value" || filterNames.contains(name)
    }

    /// The values filter `name` sees on `service`; AWS's services carry no tags.
    static func filterValues(_ name: String, of service: VpcEndpointService) -> [String] {
        switch name {
        case "owner": ["amazon"]
        case "service-name": [service.name]
        case "service-region": [service.region]
        case "service-type": [service.type.rawValue]
        case "supported-ip-address-types": service.supportedIpAddressTypes
        default: []
        }
    }
}
