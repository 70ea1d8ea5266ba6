/// Refusals about DHCP options sets, in AWS's codes (the wording of the option checks is LocalVPC's, after
/// AWS's `Value (…) for parameter … is invalid` pattern).
extension EC2Error {
    /// A `DhcpConfigurations` key AWS does not know.
    static func dhcpOptionUnknown(_ key: String) -> EC2Error {
        .invalidParameterValue(
            "Value (\(key)) for parameter dhcpConfiguration.key is invalid. Valid options are: "
                + DhcpConfiguration.Key.allCases.map(\.rawValue).joined(separator: ", ") + ".")
    }

    /// Values an option does not take (too many, not addresses, out of range).
    static func dhcpOptionInvalid(_ key: String, _ values: [String]) -> EC2Error {
        .invalidParameterValue("Value (\(values.joined(separator: ","))) for parameter \(key) is invalid.")
    }

    /// The same option given twice in one set.
    static func dhcpOptionRepeated(_ key: String) -> EC2Error {
        .invalidParameterValue("The option \(key) is specified more than once.")
    }

    /// A set still associated with a VPC.
    static func dhcpOptionsInUse(_ id: String) -> EC2Error {
        .dependencyViolation("The dhcpOptions '\(id)' has dependencies and cannot be deleted.")
    }
}
