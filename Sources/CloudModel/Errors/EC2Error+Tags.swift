/// Refusals about tags, in AWS's codes and words.
extension EC2Error {
    /// A client setting or removing a tag whose key AWS reserves (`aws:…`).
    static let reservedTagKey = EC2Error.invalidParameterValue("Tag keys starting with 'aws:' are reserved for internal use")
}
