import CloudModel
import EC2Protocol

extension EC2Handlers {
    func createTags(_ request: EC2.CreateTagsRequest, context: Context) async throws {
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.createTags(resourceIds: request.resources, tags: Tag.from(request.tags))
        }
    }

    func deleteTags(_ request: EC2.DeleteTagsRequest, context: Context) async throws {
        let tags = (request.tags ?? []).map { (key: $0.key ?? "", value: $0.value) }
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.deleteTags(resourceIds: request.resources, tags: tags)
        }
    }

    func describeTags(_ request: EC2.DescribeTagsRequest, context: Context) async throws -> EC2.DescribeTagsResult {
        let state = try await snapshot(context, dryRun: request.dryRun)
        let query = DescribeQuery(filters: try Filter.from(request.filters), maxResults: request.maxResults, nextToken: request.nextToken)
        let page = try state.describeTags(in: context.scope, query: query, at: cloud.clock.now())
        return EC2.DescribeTagsResult(
            nextToken: page.nextToken,
            tags: page.items.map { EC2.TagDescription(key: $0.key, resourceId: $0.resourceId, resourceType: $0.resourceType, value: $0.value) })
    }
}
