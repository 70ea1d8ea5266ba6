import CloudModel
import EC2Protocol

// Temporary: the operations issue 10 adds, generated and dispatched, answering UnsupportedOperation until each
// is implemented in the file named after its area. This file goes away when the last one moves out.
extension EC2Handlers {
    private func pending(_ action: String) -> EC2Error {
        EC2Error(code: "UnsupportedOperation", message: "\(action) is not supported by LocalVPC yet.")
    }

    func describeAccountAttributes(_ request: EC2.DescribeAccountAttributesRequest, context: Context) async throws
        -> EC2.DescribeAccountAttributesResult
    { throw pending("DescribeAccountAttributes") }

    func describeInstanceTypes(_ request: EC2.DescribeInstanceTypesRequest, context: Context) async throws -> EC2.DescribeInstanceTypesResult {
        throw pending("DescribeInstanceTypes")
    }

    func describeInstanceTypeOfferings(_ request: EC2.DescribeInstanceTypeOfferingsRequest, context: Context) async throws
        -> EC2.DescribeInstanceTypeOfferingsResult
    { throw pending("DescribeInstanceTypeOfferings") }

    func createDefaultVpc(_ request: EC2.CreateDefaultVpcRequest, context: Context) async throws -> EC2.CreateDefaultVpcResult {
        throw pending("CreateDefaultVpc")
    }

    func createDefaultSubnet(_ request: EC2.CreateDefaultSubnetRequest, context: Context) async throws -> EC2.CreateDefaultSubnetResult {
        throw pending("CreateDefaultSubnet")
    }
}
