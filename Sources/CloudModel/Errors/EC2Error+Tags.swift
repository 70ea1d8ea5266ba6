/// Refusals about tags, in AWS's codes and words.
extension EC2Error {
    /// A create call's tag specification setting a tag whose key AWS reserves (`aws:…`), or DeleteTags removing one:
    /// AWS's words, as RunInstances users quote them.
    static let reservedTagKey = EC2Error.invalidParameterValue("Tag keys starting with 'aws:' are reserved for internal use")

    /// CreateTags setting a reserved key: AWS names it ("Value ( aws:cloudformation:stack-name ) for parameter key is
    /// invalid. Tag keys starting with 'aws:' are reserved for internal use", as Kubernetes' and Cloud Custodian's
    /// users quote it).
    static func reservedTagKey(_ key: String) -> EC2Error {
        .invalidParameterValue("Value ( \(key) ) for parameter key is invalid. Tag keys starting with 'aws:' are reserved for internal use")
    }

    /// AWS's words (aws/aws-cli#3283).
    static let emptyTagKey = EC2Error.invalidParameterValue("Value ( '' ) for parameter Tag key is invalid. Tag key cannot be null or empty.")

    /// Two tag specifications for one resource type: AWS's words (a RunInstances dry run quoted in skypilot's PR
    /// #10627).
    static let resourceTypeTaggedTwice = EC2Error.invalidParameterValue(
        "The same resource type may not be specified more than once in tag specifications")

    /// One key twice in a tag specification: AWS's words, as Cloud Custodian's users quote them (#3792).
    static func duplicateTagKey(_ key: String) -> EC2Error {
        .invalidParameterValue("Duplicate tag key '\(key)' specified.")
    }
}
