/// Refusals about the region's default VPC and default subnets, in AWS's codes and words.
extension EC2Error {
    public static let defaultVpcAlreadyExists = EC2Error(
        code: "DefaultVpcAlreadyExists", message: "A Default VPC already exists for this account in this region.")

    public static let defaultVpcDoesNotExist = EC2Error(
        code: "DefaultVpcDoesNotExist", message: "No default VPC exists for this account in this region.")

    public static func defaultSubnetAlreadyExists(_ subnetId: String, zone: String) -> EC2Error {
        EC2Error(code: "DefaultSubnetAlreadyExistsInAvailabilityZone", message: "'\(subnetId)' is already the default subnet in \(zone).")
    }

    /// Every /20 of the default VPC's block is taken by some subnet.
    public static func defaultSubnetNoFreeBlock(_ vpcBlock: String) -> EC2Error {
        EC2Error(code: "InvalidSubnet.Conflict", message: "The default VPC's CIDR \(vpcBlock) has no free /20 block for a default subnet.")
    }

    /// A zone name or id that the caller's region does not have.
    public static func invalidAvailabilityZone(_ value: String, parameter: String, in region: String) -> EC2Error {
        let valid = RegionCatalog.region(named: region)?.zones.map(\.name).joined(separator: ", ") ?? ""
        return .invalidParameterValue(
            "Value (\(value)) for parameter \(parameter) is invalid. Subnets can currently only be created in the following availability zones: \(valid)."
        )
    }
}
