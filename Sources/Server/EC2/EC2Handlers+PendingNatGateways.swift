import CloudModel
import EC2Protocol

// Temporary: operations of issue 11 (NatGateways), generated and dispatched, answering UnsupportedOperation until each is
// implemented in the file named after its area. This file goes away when the last one moves out.
extension EC2Handlers {
    func createNatGateway(_ request: EC2.CreateNatGatewayRequest, context: Context) async throws -> EC2.CreateNatGatewayResult {
        throw EC2Error(code: "UnsupportedOperation", message: "CreateNatGateway is not supported by LocalVPC yet.")
    }

    func deleteNatGateway(_ request: EC2.DeleteNatGatewayRequest, context: Context) async throws -> EC2.DeleteNatGatewayResult {
        throw EC2Error(code: "UnsupportedOperation", message: "DeleteNatGateway is not supported by LocalVPC yet.")
    }

    func describeNatGateways(_ request: EC2.DescribeNatGatewaysRequest, context: Context) async throws -> EC2.DescribeNatGatewaysResult {
        throw EC2Error(code: "UnsupportedOperation", message: "DescribeNatGateways is not supported by LocalVPC yet.")
    }
}
