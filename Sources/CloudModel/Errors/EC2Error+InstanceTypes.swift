/// Refusals about instance types, in AWS's codes and words.
extension EC2Error {
    /// DescribeInstanceTypes naming types AWS does not offer here; AWS lists them all in one message.
    public static func invalidInstanceType(_ names: [String]) -> EC2Error {
        EC2Error(code: "InvalidInstanceType", message: "The following supplied instance types do not exist: [\(names.joined(separator: ", "))]")
    }

    /// A LocationType DescribeInstanceTypeOfferings does not know.
    public static func invalidLocationType(_ value: String) -> EC2Error {
        .invalidParameterValue("Value (\(value)) for parameter locationType is invalid. Unknown location type.")
    }
}
