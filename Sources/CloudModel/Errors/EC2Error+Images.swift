/// Refusals about images (AMIs), in AWS's codes and words.
extension EC2Error {
    /// An image id that is not `ami-` and 8 or 17 hex digits.
    public static func imageIdMalformed(_ id: String) -> EC2Error {
        EC2Error(code: "InvalidAMIID.Malformed", message: "Invalid id: \"\(id)\" (expecting \"ami-...\")")
    }

    /// Well-formed image ids of no image in the region, worded as AWS words it (`The image id '[ami-…]' does not exist`).
    public static func imagesNotFound(_ ids: [String]) -> EC2Error {
        let list = "[\(ids.joined(separator: ", "))]"
        if ids.count == 1 { return EC2Error(code: "InvalidAMIID.NotFound", message: "The image id '\(list)' does not exist") }
        return EC2Error(code: "InvalidAMIID.NotFound", message: "The image ids '\(list)' do not exist")
    }

    /// An `Owners` or `ExecutableUsers` value that is neither an account id nor an alias AWS knows.
    /// The code is AWS's for malformed account ids; the message is LocalVPC's wording.
    public static func userIdMalformed(_ value: String) -> EC2Error {
        EC2Error(code: "InvalidUserID.Malformed", message: "Invalid user id: \"\(value)\"")
    }

    /// RunInstances with an instance type that cannot run the image's architecture.
    public static func architectureMismatch(instanceType architectures: [String], image architecture: String) -> EC2Error {
        .invalidParameterValue(
            "The architecture '\(architectures.joined(separator: ", "))' of the specified instance type does not match the architecture "
                + "'\(architecture)' of the specified AMI. Specify an instance type and an AMI that have matching architectures, and try "
                + "again. You can use 'describe-instance-types' or 'describe-images' to discover the architecture of the instance type or AMI.")
    }
}
