/// Refusals of requests beyond AWS's per-call limits, in AWS's codes and words.
extension EC2Error {
    /// More filter values in one Describe call than AWS takes: AWS's code and message, as its clients report them
    /// (`FilterLimitExceeded: The maximum number of filter values specified on a single call is 200`), HTTP 400.
    public static func filterLimitExceeded(_ limit: Int) -> EC2Error {
        EC2Error(code: "FilterLimitExceeded", message: "The maximum number of filter values specified on a single call is \(limit)")
    }

    /// A launch whose `MinCount` is more than the quota leaves room for, in AWS's code and words (HTTP 400). AWS checks its
    /// instance quota before capacity, so an absurd `MinCount` is this client error, never a server error.
    public static func instanceLimitExceeded(room: Int, requested: Int) -> EC2Error {
        EC2Error(
            code: "InstanceLimitExceeded",
            message: "Your quota allows for \(max(0, room)) more running instance(s). You requested at least \(requested).")
    }
}
