import CloudModel
import EC2Protocol

// Temporary: operations of issue 11 (InstanceOptions), generated and dispatched, answering UnsupportedOperation until each is
// implemented in the file named after its area. This file goes away when the last one moves out.
extension EC2Handlers {
    func modifyInstanceMetadataOptions(_ request: EC2.ModifyInstanceMetadataOptionsRequest, context: Context) async throws
        -> EC2.ModifyInstanceMetadataOptionsResult
    {
        throw EC2Error(code: "UnsupportedOperation", message: "ModifyInstanceMetadataOptions is not supported by LocalVPC yet.")
    }

    func modifyInstanceCreditSpecification(_ request: EC2.ModifyInstanceCreditSpecificationRequest, context: Context) async throws
        -> EC2.ModifyInstanceCreditSpecificationResult
    {
        throw EC2Error(code: "UnsupportedOperation", message: "ModifyInstanceCreditSpecification is not supported by LocalVPC yet.")
    }

    func modifyInstanceMaintenanceOptions(_ request: EC2.ModifyInstanceMaintenanceOptionsRequest, context: Context) async throws
        -> EC2.ModifyInstanceMaintenanceOptionsResult
    {
        throw EC2Error(code: "UnsupportedOperation", message: "ModifyInstanceMaintenanceOptions is not supported by LocalVPC yet.")
    }

    func describeImages(_ request: EC2.DescribeImagesRequest, context: Context) async throws -> EC2.DescribeImagesResult {
        throw EC2Error(code: "UnsupportedOperation", message: "DescribeImages is not supported by LocalVPC yet.")
    }
}
