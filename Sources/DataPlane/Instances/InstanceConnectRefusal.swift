/// Why EC2 Instance Connect will not open a session, in the console's words: what `localvpc connect` prints and the
/// web console's Connect page shows.
public struct InstanceConnectRefusal: Sendable, Hashable, Error {
    /// The console's headline ("No public IPv4 address assigned").
    public let title: String
    /// What to do about it.
    public let detail: String

    public init(title: String, detail: String) {
        self.title = title
        self.detail = detail
    }

    public static func notRunning(_ instanceId: String, state: String) -> Self {
        Self(
            title: "Instance is not in running state",
            detail: "\(instanceId) is \(state). Start it first: aws ec2 start-instances --instance-ids \(instanceId)")
    }

    public static func noPublicAddress(_ instanceId: String) -> Self {
        Self(
            title: "No public IPv4 address assigned",
            detail: "With no public IPv4 address, you can't use EC2 Instance Connect. Associate an Elastic IP address with \(instanceId) "
                + "(aws ec2 allocate-address, then aws ec2 associate-address --instance-id \(instanceId) --allocation-id …).")
    }

    /// Port 22 unreachable from the internet; `why` is what blocks it, when known.
    public static func failedToConnect(why: String?) -> Self {
        Self(
            title: "Failed to connect to your instance",
            detail: "EC2 Instance Connect is unable to connect to your instance. Ensure your security group rules allow inbound SSH traffic "
                + "(TCP port 22) from the internet, your network ACL allows it both ways, and your subnet routes to an internet gateway."
                + (why.map { "\n\n" + $0 } ?? ""))
    }
}
