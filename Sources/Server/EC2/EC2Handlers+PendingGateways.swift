import CloudModel
import EC2Protocol

// Temporary: operations of issue 11 (Gateways), generated and dispatched, answering UnsupportedOperation until each is
// implemented in the file named after its area. This file goes away when the last one moves out.
extension EC2Handlers {
    func createVpnGateway(_ request: EC2.CreateVpnGatewayRequest, context: Context) async throws -> EC2.CreateVpnGatewayResult {
        throw EC2Error(code: "UnsupportedOperation", message: "CreateVpnGateway is not supported by LocalVPC yet.")
    }

    func attachVpnGateway(_ request: EC2.AttachVpnGatewayRequest, context: Context) async throws -> EC2.AttachVpnGatewayResult {
        throw EC2Error(code: "UnsupportedOperation", message: "AttachVpnGateway is not supported by LocalVPC yet.")
    }

    func detachVpnGateway(_ request: EC2.DetachVpnGatewayRequest, context: Context) async throws {
        throw EC2Error(code: "UnsupportedOperation", message: "DetachVpnGateway is not supported by LocalVPC yet.")
    }

    func deleteVpnGateway(_ request: EC2.DeleteVpnGatewayRequest, context: Context) async throws {
        throw EC2Error(code: "UnsupportedOperation", message: "DeleteVpnGateway is not supported by LocalVPC yet.")
    }

    func describeVpnGateways(_ request: EC2.DescribeVpnGatewaysRequest, context: Context) async throws -> EC2.DescribeVpnGatewaysResult {
        throw EC2Error(code: "UnsupportedOperation", message: "DescribeVpnGateways is not supported by LocalVPC yet.")
    }

    func createCustomerGateway(_ request: EC2.CreateCustomerGatewayRequest, context: Context) async throws -> EC2.CreateCustomerGatewayResult {
        throw EC2Error(code: "UnsupportedOperation", message: "CreateCustomerGateway is not supported by LocalVPC yet.")
    }

    func deleteCustomerGateway(_ request: EC2.DeleteCustomerGatewayRequest, context: Context) async throws {
        throw EC2Error(code: "UnsupportedOperation", message: "DeleteCustomerGateway is not supported by LocalVPC yet.")
    }

    func describeCustomerGateways(_ request: EC2.DescribeCustomerGatewaysRequest, context: Context) async throws -> EC2.DescribeCustomerGatewaysResult
    {
        throw EC2Error(code: "UnsupportedOperation", message: "DescribeCustomerGateways is not supported by LocalVPC yet.")
    }

    func enableVgwRoutePropagation(_ request: EC2.EnableVgwRoutePropagationRequest, context: Context) async throws {
        throw EC2Error(code: "UnsupportedOperation", message: "EnableVgwRoutePropagation is not supported by LocalVPC yet.")
    }

    func disableVgwRoutePropagation(_ request: EC2.DisableVgwRoutePropagationRequest, context: Context) async throws {
        throw EC2Error(code: "UnsupportedOperation", message: "DisableVgwRoutePropagation is not supported by LocalVPC yet.")
    }
}
