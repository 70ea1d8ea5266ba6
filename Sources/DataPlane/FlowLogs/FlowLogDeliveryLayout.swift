public import CloudModel
public import Foundation

/// Where a flow log's records land, in the layout of its destination, relative to the folder they are written under.
///
/// S3 (VPC User Guide, "Flow log files"): `bucket[/prefix]/AWSLogs/ACCOUNT/vpcflowlogs/REGION/yyyy/mm/dd[/HH]/`
/// `ACCOUNT_vpcflowlogs_REGION_FLOWLOGID_YYYYMMDDTHHmmZ_HASH.log.gz`, or with Hive-compatible partitions
/// `AWSLogs/aws-account-id=ACCOUNT/aws-service=vpcflowlogs/aws-region=REGION/year=yyyy/month=mm/day=dd[/hour=HH]/`.
/// CloudWatch Logs: a log group, and in it one log stream per network interface, named after the interface.
public enum FlowLogDeliveryLayout {
    /// The S3 object key (with the bucket as its first component) of the file delivered at `time`; `hash` tells files
    /// of the same minute apart, as AWS's random suffix does.
    public static func s3Key(of flowLog: FlowLog, at time: Date, hash: String) -> String {
        let (bucket, prefix) = bucketAndPrefix(flowLog.destination.arn)
        let options = flowLog.destination.s3Options ?? FlowLogDestination.S3Options()
        let account = flowLog.scope.account
        let region = flowLog.scope.region
        let parts = utcParts(time)
        var folders = [bucket] + prefix + ["AWSLogs"]
        if options.hiveCompatiblePartitions {
            folders += [
                "aws-account-id=\(account)", "aws-service=vpcflowlogs", "aws-region=\(region)", "year=\(parts.year)", "month=\(parts.month)",
                "day=\(parts.day)",
            ]
            if options.perHourPartition { folders.append("hour=\(parts.hour)") }
        } else {
            folders += [account, "vpcflowlogs", region, parts.year, parts.month, parts.day]
            if options.perHourPartition { folders.append(parts.hour) }
        }
        let name =
            "\(account)_vpcflowlogs_\(region)_\(flowLog.id)_\(parts.year)\(parts.month)\(parts.day)T\(parts.hour)\(parts.minute)Z_\(hash).log.gz"
        return (folders + [name]).joined(separator: "/")
    }

    /// The CloudWatch Logs stream of `interfaceId` as a path: the log group (its slashes escaped, so a group is one
    /// folder), then the stream named after the interface.
    public static func logStreamPath(of flowLog: FlowLog, interfaceId: String) -> String {
        let group = (flowLog.destination.logGroupName ?? "unnamed").replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "/", with: "%2F")
        return [flowLog.scope.account, flowLog.scope.region, group, interfaceId].joined(separator: "/")
    }

    /// `arn:aws:s3:::bucket/folder/sub` → (`bucket`, [`folder`, `sub`]).
    static func bucketAndPrefix(_ arn: String?) -> (String, [String]) {
        let path = arn.map { $0.hasPrefix("arn:") ? String($0.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).last ?? "") : $0 }
        let components = (path ?? "").split(separator: "/").map(String.init)
        return (components.first ?? "bucket", Array(components.dropFirst()))
    }

    private static func utcParts(_ time: Date) -> (year: String, month: String, day: String, hour: String, minute: String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: time)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return (String(format: "%04d", c.year ?? 1970), two(c.month), two(c.day), two(c.hour), two(c.minute))
    }
}
