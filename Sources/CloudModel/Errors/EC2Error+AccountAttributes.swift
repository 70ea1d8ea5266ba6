/// Refusals about account attributes.
extension EC2Error {
    /// An AttributeName.N that DescribeAccountAttributes does not know.
    public static func invalidAccountAttributeName(_ name: String) -> EC2Error {
        .invalidParameterValue("Value (\(name)) for parameter attributeName is invalid. Unknown attribute name.")
    }
}
