import CloudModel
import EC2Protocol

extension EC2Handlers {
    /// The first call Terraform's AWS provider makes: `supported-platforms` and `default-vpc` above all.
    func describeAccountAttributes(_ request: EC2.DescribeAccountAttributesRequest, context: Context) async throws
        -> EC2.DescribeAccountAttributesResult
    {
        let state = try await snapshot(context, dryRun: request.dryRun)
        let attributes = try state.accountAttributes(in: context.scope, names: request.attributeNames ?? [])
        return EC2.DescribeAccountAttributesResult(
            accountAttributes: attributes.map { attribute in
                EC2.AccountAttribute(
                    attributeName: attribute.name, attributeValues: attribute.values.map { EC2.AccountAttributeValue(attributeValue: $0) })
            })
    }
}
