import Foundation

/// DescribeInstanceTypes and DescribeInstanceTypeOfferings: AWS's catalog as seen from one region.
extension CloudState {
    /// The instance types that `names` and `query`'s filters select, in name order, a page at a time.
    ///
    /// As on AWS, only the types offered in `region` are listed unless `includeUnsupported`; a named type that
    /// AWS does not know (or that the region does not offer) is refused with all the others of its kind.
    public func describeInstanceTypes(
        in region: String,
        names: [String],
        includeUnsupported: Bool = false,
        query: DescribeQuery
    ) throws(EC2Error) -> Page<(type: InstanceTypeInfo, supportedInRegion: Bool)> {
        for filter in query.filters where !InstanceTypeInfo.filterNames.contains(filter.name) { throw .invalidFilter(filter.name) }
        var candidates: [InstanceTypeInfo]
        if names.isEmpty {
            candidates = InstanceTypeCatalog.all
        } else {
            var seen: Set<String> = []
            let unique = names.filter { seen.insert($0).inserted }
            let unknown = unique.filter { name in
                guard let type = InstanceTypeCatalog.type(named: name) else { return true }
                return !includeUnsupported && !type.isOffered(inRegion: region)
            }
            guard unknown.isEmpty else { throw .invalidInstanceType(unknown) }
            candidates = unique.compactMap(InstanceTypeCatalog.type(named:))
        }
        let selected = candidates.compactMap { type -> (type: InstanceTypeInfo, supportedInRegion: Bool)? in
            let supported = type.isOffered(inRegion: region)
            guard supported || includeUnsupported, type.matches(query.filters) else { return nil }
            return (type, supported)
        }
        return try paginate(selected, query: query) { (Date(timeIntervalSince1970: 0), $0.type.name) }
    }

    /// The offerings in `region` at `locationType`'s granularity that the filters (`instance-type`, `location`)
    /// select, ordered by location then type, a page at a time.
    public func describeInstanceTypeOfferings(
        in region: String,
        locationType: InstanceTypeOffering.LocationType,
        query: DescribeQuery
    ) throws(EC2Error) -> Page<InstanceTypeOffering> {
        for filter in query.filters where !["instance-type", "location"].contains(filter.name) { throw .invalidFilter(filter.name) }
        let zones = RegionCatalog.region(named: region)?.zones ?? []
        var offerings: [InstanceTypeOffering] = []
        for type in InstanceTypeCatalog.all {
            switch locationType {
            case .region:
                if type.isOffered(inRegion: region) {
                    offerings.append(InstanceTypeOffering(instanceType: type.name, locationType: .region, location: region))
                }
            case .availabilityZone, .availabilityZoneId:
                for zone in zones where type.isOffered(inZoneId: zone.zoneId) {
                    let location = locationType == .availabilityZone ? zone.name : zone.zoneId
                    offerings.append(InstanceTypeOffering(instanceType: type.name, locationType: locationType, location: location))
                }
            case .outpost:
                break
            }
        }
        let selected = offerings.filter { offering in
            query.filters.allSatisfy { filter in
                filter.matches(any: [filter.name == "location" ? offering.location : offering.instanceType])
            }
        }
        return try paginate(selected, query: query) { (Date(timeIntervalSince1970: 0), "\($0.location) \($0.instanceType)") }
    }
}
