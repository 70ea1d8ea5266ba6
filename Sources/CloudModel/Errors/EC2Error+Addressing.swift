/// Refusals about address blocks, in AWS's codes and words.
extension EC2Error {
    public static func invalidCidr(_ value: String, parameter: String = "cidrBlock") -> EC2Error {
        .invalidParameterValue("Value (\(value)) for parameter \(parameter) is invalid. This is not a valid CIDR block.")
    }

    /// No address of the caller's has this public IP (or is in this network border group).
    public static func addressNotFound(_ address: String) -> EC2Error {
        EC2Error(code: "InvalidAddress.NotFound", message: "Address '\(address)' not found.")
    }

    public static func vpcRange(_ cidr: String) -> EC2Error {
        EC2Error(code: "InvalidVpc.Range", message: "The CIDR '\(cidr)' is invalid.")
    }

    public static func subnetRange(_ cidr: String) -> EC2Error {
        EC2Error(code: "InvalidSubnet.Range", message: "The CIDR '\(cidr)' is invalid.")
    }

    public static func subnetConflict(_ cidr: String) -> EC2Error {
        EC2Error(code: "InvalidSubnet.Conflict", message: "The CIDR '\(cidr)' conflicts with another subnet")
    }

    public static func cidrBlockInUse(vpcId: String, block: String) -> EC2Error {
        EC2Error(code: "InvalidCidrBlock.InUse", message: "The vpc \(vpcId) currently has a subnet within CIDR block \(block)")
    }
}
