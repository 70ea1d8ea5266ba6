import CloudModel
import EC2Protocol

extension EC2Handlers {
    /// The public images of the caller's region (LocalVPC's catalogue of AWS's Amazon Linux images), scoped by
    /// `ImageIds`, `Owners`, `ExecutableUsers` and filters, a page at a time.
    func describeImages(_ request: EC2.DescribeImagesRequest, context: Context) async throws -> EC2.DescribeImagesResult {
        let state = try await snapshot(context, dryRun: request.dryRun)
        let query = DescribeQuery(
            filters: try Filter.from(request.filters), maxResults: request.maxResults, nextToken: request.nextToken, maxResultsRange: 1...1000)
        let images = CloudState.ImageQuery(
            imageIds: request.imageIds ?? [], owners: request.owners ?? [], executableUsers: request.executableUsers ?? [])
        let page = try state.describeImages(in: context.scope, images: images, query: query)
        return EC2.DescribeImagesResult(nextToken: page.nextToken, images: page.items.map(EC2.Image.init))
    }
}
