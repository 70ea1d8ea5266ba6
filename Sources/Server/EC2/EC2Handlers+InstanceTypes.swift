import CloudModel
import EC2Protocol

extension EC2Handlers {
    /// AWS's instance types as offered in the caller's region; pages of at most 100, as AWS serves them.
    func describeInstanceTypes(_ request: EC2.DescribeInstanceTypesRequest, context: Context) async throws -> EC2.DescribeInstanceTypesResult {
        let state = try await snapshot(context, dryRun: request.dryRun)
        let query = DescribeQuery(
            filters: try Filter.from(request.filters), maxResults: request.maxResults ?? 100, nextToken: request.nextToken,
            maxResultsRange: 5...100)
        let page = try state.describeInstanceTypes(
            in: context.scope.region, names: request.instanceTypes ?? [], includeUnsupported: request.includeUnsupportedInRegion ?? false,
            query: query)
        return EC2.DescribeInstanceTypesResult(
            instanceTypes: page.items.map { EC2.InstanceTypeInfo($0.type, supportedInRegion: $0.supportedInRegion) }, nextToken: page.nextToken)
    }

    /// Which instance types each location of the caller's region offers; pages of at most 1,000.
    func describeInstanceTypeOfferings(_ request: EC2.DescribeInstanceTypeOfferingsRequest, context: Context) async throws
        -> EC2.DescribeInstanceTypeOfferingsResult
    {
        let state = try await snapshot(context, dryRun: request.dryRun)
        let given = request.locationType ?? InstanceTypeOffering.LocationType.region.rawValue
        guard let locationType = InstanceTypeOffering.LocationType(rawValue: given) else { throw EC2Error.invalidLocationType(given) }
        let query = DescribeQuery(
            filters: try Filter.from(request.filters), maxResults: request.maxResults ?? 1000, nextToken: request.nextToken,
            maxResultsRange: 5...1000)
        let page = try state.describeInstanceTypeOfferings(in: context.scope.region, locationType: locationType, query: query)
        return EC2.DescribeInstanceTypeOfferingsResult(
            instanceTypeOfferings: page.items.map {
                EC2.InstanceTypeOffering(instanceType: $0.instanceType, locationType: $0.locationType.rawValue, location: $0.location)
            },
            nextToken: page.nextToken)
    }
}
