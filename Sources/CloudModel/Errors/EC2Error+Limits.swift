/// Refusals of requests beyond AWS's per-call limits, in AWS's codes and words.
extension EC2Error {
    /// More filter values in one Describe call than AWS takes: AWS's code and message, as its clients report them
    /// (`FilterLimitExceeded: The maximum number of filter values specified on a single call is 200`), HTTP 400.
    public static func filterLimitExceeded(_ limit: Int) -> EC2Error {
        EC2Error(code: "FilterLimitExceeded", message: "The maximum number of filter values specified on a single call is \(limit)")
    }

    /// A launch whose `MinCount` is more than the zone can take at once. AWS's code and wording for a zone short of
    /// capacity; it is one of AWS's server errors (HTTP 500), which clients retry.
    public static func insufficientInstanceCapacity(instanceType: String, zone: String) -> EC2Error {
        EC2Error(
            code: "InsufficientInstanceCapacity",
            message:
                "We currently do not have sufficient \(instanceType) capacity in the Availability Zone you requested (\(zone)). Our system will be working on provisioning additional capacity. You can currently get \(instanceType) capacity by not specifying an Availability Zone in your request or choosing other Availability Zones."
        )
    }

    /// A launch whose `MinCount` is more than the account's running-instance quota leaves room for, in AWS's words.
    public static func instanceLimitExceeded(room: Int, requested: Int) -> EC2Error {
        EC2Error(
            code: "InstanceLimitExceeded",
            message: "Your quota allows for \(max(0, room)) more running instance(s). You requested at least \(requested).")
    }
}
