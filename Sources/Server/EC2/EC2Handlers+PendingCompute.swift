import CloudModel
import EC2Protocol

enum NotYetServed {
    static func operation(_ name: String) -> CloudModel.EC2Error {
        CloudModel.EC2Error(code: "UnsupportedOperation", message: "\(name) is not served by LocalVPC yet.")
    }
}

// TEMPORARY while the instance, interface and address API is written: these operations answer an explicit AWS-style error, never a fake
// success. This file is deleted as the operations are implemented, before the work lands.
extension EC2Handlers {
    func runInstances(_ request: EC2.RunInstancesRequest, context: Context) async throws -> EC2.Reservation {
        throw NotYetServed.operation("runInstances")
    }

    func describeInstances(_ request: EC2.DescribeInstancesRequest, context: Context) async throws -> EC2.DescribeInstancesResult {
        throw NotYetServed.operation("describeInstances")
    }

    func describeInstanceStatus(_ request: EC2.DescribeInstanceStatusRequest, context: Context) async throws -> EC2.DescribeInstanceStatusResult {
        throw NotYetServed.operation("describeInstanceStatus")
    }

    func startInstances(_ request: EC2.StartInstancesRequest, context: Context) async throws -> EC2.StartInstancesResult {
        throw NotYetServed.operation("startInstances")
    }

    func stopInstances(_ request: EC2.StopInstancesRequest, context: Context) async throws -> EC2.StopInstancesResult {
        throw NotYetServed.operation("stopInstances")
    }

    func rebootInstances(_ request: EC2.RebootInstancesRequest, context: Context) async throws {
        throw NotYetServed.operation("rebootInstances")
    }

    func terminateInstances(_ request: EC2.TerminateInstancesRequest, context: Context) async throws -> EC2.TerminateInstancesResult {
        throw NotYetServed.operation("terminateInstances")
    }

    func modifyInstanceAttribute(_ request: EC2.ModifyInstanceAttributeRequest, context: Context) async throws {
        throw NotYetServed.operation("modifyInstanceAttribute")
    }

    func describeInstanceAttribute(_ request: EC2.DescribeInstanceAttributeRequest, context: Context) async throws -> EC2.InstanceAttribute {
        throw NotYetServed.operation("describeInstanceAttribute")
    }

    func createNetworkInterface(_ request: EC2.CreateNetworkInterfaceRequest, context: Context) async throws -> EC2.CreateNetworkInterfaceResult {
        throw NotYetServed.operation("createNetworkInterface")
    }

    func deleteNetworkInterface(_ request: EC2.DeleteNetworkInterfaceRequest, context: Context) async throws {
        throw NotYetServed.operation("deleteNetworkInterface")
    }

    func describeNetworkInterfaces(_ request: EC2.DescribeNetworkInterfacesRequest, context: Context) async throws
        -> EC2.DescribeNetworkInterfacesResult
    {
        throw NotYetServed.operation("describeNetworkInterfaces")
    }

    func attachNetworkInterface(_ request: EC2.AttachNetworkInterfaceRequest, context: Context) async throws -> EC2.AttachNetworkInterfaceResult {
        throw NotYetServed.operation("attachNetworkInterface")
    }

    func detachNetworkInterface(_ request: EC2.DetachNetworkInterfaceRequest, context: Context) async throws {
        throw NotYetServed.operation("detachNetworkInterface")
    }

    func modifyNetworkInterfaceAttribute(_ request: EC2.ModifyNetworkInterfaceAttributeRequest, context: Context) async throws {
        throw NotYetServed.operation("modifyNetworkInterfaceAttribute")
    }

    func assignPrivateIpAddresses(_ request: EC2.AssignPrivateIpAddressesRequest, context: Context) async throws -> EC2.AssignPrivateIpAddressesResult
    {
        throw NotYetServed.operation("assignPrivateIpAddresses")
    }

    func unassignPrivateIpAddresses(_ request: EC2.UnassignPrivateIpAddressesRequest, context: Context) async throws {
        throw NotYetServed.operation("unassignPrivateIpAddresses")
    }

    func allocateAddress(_ request: EC2.AllocateAddressRequest, context: Context) async throws -> EC2.AllocateAddressResult {
        throw NotYetServed.operation("allocateAddress")
    }

    func associateAddress(_ request: EC2.AssociateAddressRequest, context: Context) async throws -> EC2.AssociateAddressResult {
        throw NotYetServed.operation("associateAddress")
    }

    func disassociateAddress(_ request: EC2.DisassociateAddressRequest, context: Context) async throws {
        throw NotYetServed.operation("disassociateAddress")
    }

    func releaseAddress(_ request: EC2.ReleaseAddressRequest, context: Context) async throws {
        throw NotYetServed.operation("releaseAddress")
    }

    func describeAddresses(_ request: EC2.DescribeAddressesRequest, context: Context) async throws -> EC2.DescribeAddressesResult {
        throw NotYetServed.operation("describeAddresses")
    }
}
