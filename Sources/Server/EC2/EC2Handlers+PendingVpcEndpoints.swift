import CloudModel
import EC2Protocol

// Temporary: operations of issue 11 (VpcEndpoints), generated and dispatched, answering UnsupportedOperation until each is
// implemented in the file named after its area. This file goes away when the last one moves out.
extension EC2Handlers {
    func createVpcEndpoint(_ request: EC2.CreateVpcEndpointRequest, context: Context) async throws -> EC2.CreateVpcEndpointResult {
        throw EC2Error(code: "UnsupportedOperation", message: "CreateVpcEndpoint is not supported by LocalVPC yet.")
    }

    func deleteVpcEndpoints(_ request: EC2.DeleteVpcEndpointsRequest, context: Context) async throws -> EC2.DeleteVpcEndpointsResult {
        throw EC2Error(code: "UnsupportedOperation", message: "DeleteVpcEndpoints is not supported by LocalVPC yet.")
    }

    func describeVpcEndpoints(_ request: EC2.DescribeVpcEndpointsRequest, context: Context) async throws -> EC2.DescribeVpcEndpointsResult {
        throw EC2Error(code: "UnsupportedOperation", message: "DescribeVpcEndpoints is not supported by LocalVPC yet.")
    }

    func modifyVpcEndpoint(_ request: EC2.ModifyVpcEndpointRequest, context: Context) async throws -> EC2.ModifyVpcEndpointResult {
        throw EC2Error(code: "UnsupportedOperation", message: "ModifyVpcEndpoint is not supported by LocalVPC yet.")
    }

    func describeVpcEndpointServices(_ request: EC2.DescribeVpcEndpointServicesRequest, context: Context) async throws
        -> EC2.DescribeVpcEndpointServicesResult
    {
        throw EC2Error(code: "UnsupportedOperation", message: "DescribeVpcEndpointServices is not supported by LocalVPC yet.")
    }
}
