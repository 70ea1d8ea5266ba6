/// Refusals about instance options and attributes (metadata, CPU credits, protections), in AWS's codes and words.
///
/// Where AWS's exact message is not documented, the wording is LocalVPC's; the codes are AWS's.
extension EC2Error {
    /// A value outside the enumeration a parameter takes (`HttpTokens=maybe`).
    public static func invalidEnumValue(_ value: String, parameter: String, allowed: [String]) -> EC2Error {
        .invalidParameterValue("Value (\(value)) for parameter \(parameter) is invalid. Valid values: \(allowed.joined(separator: ", ")).")
    }

    /// `HttpPutResponseHopLimit` outside 1-64.
    public static func invalidHopLimit(_ value: Int) -> EC2Error {
        .invalidParameterValue(
            "Value (\(value)) for parameter HttpPutResponseHopLimit is invalid. Possible values: integers from \(InstanceMetadataOptions.hopLimits.lowerBound) to \(InstanceMetadataOptions.hopLimits.upperBound)."
        )
    }

    /// A CPU credit option asked of, or read from, an instance of a type that does not burst (the code is the one
    /// ModifyInstanceCreditSpecification's answer documents, and the one Terraform sees from DescribeInstanceCreditSpecifications).
    public static func creditSpecificationNotSupported(instanceId: String, instanceType: String) -> EC2Error {
        EC2Error(
            code: "InstanceCreditSpecification.NotSupported",
            message: "The instance '\(instanceId)' of type '\(instanceType)' does not support a credit option for CPU usage.")
    }

    /// RunInstances with a `CreditSpecification` for a type that does not burst.
    public static func creditSpecificationNotSupported(launching instanceType: String) -> EC2Error {
        .invalidParameterCombination("The parameter CreditSpecification is not supported for instance type '\(instanceType)'.")
    }

    /// TerminateInstances on an instance whose `disableApiTermination` is set.
    public static func terminationProtected(_ id: String) -> EC2Error {
        EC2Error(
            code: "OperationNotPermitted",
            message: "The instance '\(id)' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.")
    }

    /// StopInstances on an instance whose `disableApiStop` is set.
    public static func stopProtected(_ id: String) -> EC2Error {
        EC2Error(
            code: "OperationNotPermitted",
            message: "The instance '\(id)' may not be stopped. Modify its 'disableApiStop' instance attribute and try again.")
    }

    /// A block device mapping change for a device the instance has no volume at. The code is AWS's for a bad
    /// attribute value; the wording is LocalVPC's.
    public static func noDeviceMapped(_ device: String, instanceId: String) -> EC2Error {
        EC2Error(code: "InvalidInstanceAttributeValue", message: "The instance '\(instanceId)' has no volume at device '\(device)'.")
    }
}
