import CloudModel
import EC2Protocol

// Temporary: operations issue 10 adds, generated and dispatched, answering UnsupportedOperation until each
// is implemented in the file named after its area. This file goes away when the last one moves out.
extension EC2Handlers {
    private func pending(_ action: String) -> EC2Error {
        EC2Error(code: "UnsupportedOperation", message: "\(action) is not supported by LocalVPC yet.")
    }

    func associateSubnetCidrBlock(_ request: EC2.AssociateSubnetCidrBlockRequest, context: Context) async throws -> EC2.AssociateSubnetCidrBlockResult
    {
        throw pending("AssociateSubnetCidrBlock")
    }

    func disassociateSubnetCidrBlock(_ request: EC2.DisassociateSubnetCidrBlockRequest, context: Context) async throws
        -> EC2.DisassociateSubnetCidrBlockResult
    { throw pending("DisassociateSubnetCidrBlock") }

    func assignIpv6Addresses(_ request: EC2.AssignIpv6AddressesRequest, context: Context) async throws -> EC2.AssignIpv6AddressesResult {
        throw pending("AssignIpv6Addresses")
    }

    func unassignIpv6Addresses(_ request: EC2.UnassignIpv6AddressesRequest, context: Context) async throws -> EC2.UnassignIpv6AddressesResult {
        throw pending("UnassignIpv6Addresses")
    }
}
