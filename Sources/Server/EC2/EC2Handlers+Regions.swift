import CloudModel
import EC2Protocol

extension EC2Handlers {
    func describeRegions(_ request: EC2.DescribeRegionsRequest, context: Context) async throws -> EC2.DescribeRegionsResult {
        if request.dryRun == true { throw EC2Error.dryRunOperation }
        var regions = RegionCatalog.regions
        if let names = request.regionNames, !names.isEmpty {
            if let unknown = names.first(where: { RegionCatalog.region(named: $0) == nil }) {
                throw EC2Error.invalidParameterValue("Invalid region: \(unknown)")
            }
            regions = regions.filter { names.contains($0.name) }
        }
        let filters = try Filter.from(request.filters)
        let known: Set<String> = ["endpoint", "opt-in-status", "region-name"]
        if let unknown = filters.first(where: { !known.contains($0.name) }) { throw EC2Error.invalidFilter(unknown.name) }
        let selected = regions.filter { region in
            filters.allSatisfy { filter in
                switch filter.name {
                case "endpoint": filter.matches(any: [region.endpoint])
                case "region-name": filter.matches(any: [region.name])
                default: filter.matches(any: ["opt-in-not-required"])
                }
            }
        }
        return EC2.DescribeRegionsResult(
            regions: selected.map { EC2.Region(optInStatus: "opt-in-not-required", regionName: $0.name, endpoint: $0.endpoint) })
    }

    func describeAvailabilityZones(
        _ request: EC2.DescribeAvailabilityZonesRequest,
        context: Context
    ) async throws -> EC2.DescribeAvailabilityZonesResult {
        if request.dryRun == true { throw EC2Error.dryRunOperation }
        var zones = RegionCatalog.region(named: context.scope.region)?.zones ?? []
        let wanted = (request.zoneNames ?? []) + (request.zoneIds ?? [])
        if !wanted.isEmpty {
            if let unknown = wanted.first(where: { RegionCatalog.zone($0, in: context.scope.region) == nil }) {
                throw EC2Error.invalidParameterValue("The zone '\(unknown)' does not exist in the region \(context.scope.region).")
            }
            zones = zones.filter { wanted.contains($0.name) || wanted.contains($0.zoneId) }
        }
        let filters = try Filter.from(request.filters)
        // message, parent-zone-id, parent-zone-name: only Local and Wavelength Zones have messages or parents.
        let known: Set<String> = [
            "group-long-name", "group-name", "message", "network-border-group", "opt-in-status", "parent-zone-id", "parent-zone-name",
            "region-name", "state", "zone-id", "zone-name", "zone-type",
        ]
        if let unknown = filters.first(where: { !known.contains($0.name) }) { throw EC2Error.invalidFilter(unknown.name) }
        let selected = zones.filter { zone in
            filters.allSatisfy { filter in
                switch filter.name {
                case "zone-name": filter.matches(any: [zone.name])
                case "zone-id": filter.matches(any: [zone.zoneId])
                // The API Reference: "For Availability Zones, use the Region name" (group-long-name as well).
                case "region-name", "group-name", "group-long-name", "network-border-group": filter.matches(any: [zone.region])
                case "message", "parent-zone-id", "parent-zone-name": false
                case "state": filter.matches(any: ["available"])
                case "zone-type": filter.matches(any: ["availability-zone"])
                default: filter.matches(any: ["opt-in-not-required"])
                }
            }
        }
        return EC2.DescribeAvailabilityZonesResult(
            availabilityZones: selected.map { zone in
                EC2.AvailabilityZone(
                    optInStatus: "opt-in-not-required", messages: [], regionName: zone.region, zoneName: zone.name, zoneId: zone.zoneId,
                    groupName: zone.region, networkBorderGroup: zone.region, zoneType: "availability-zone", groupLongName: zone.region,
                    state: "available")
            })
    }
}
