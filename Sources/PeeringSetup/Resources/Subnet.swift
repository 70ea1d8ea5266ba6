public import EC2Client

/// A subnet as `DescribeSubnets` shows it; only which VPC it is in matters here.
public struct Subnet: Sendable, Hashable, Codable {
    /// `subnet-…`.
    public var subnetId: String
    /// Its VPC.
    public var vpcId: String

    /// A subnet from its parts.
    public init(subnetId: String, vpcId: String) {
        self.subnetId = subnetId
        self.vpcId = vpcId
    }

    /// Reads one `<subnetSet><item>`.
    public init(xml: XMLTree) {
        self.init(subnetId: xml.text("subnetId") ?? "", vpcId: xml.text("vpcId") ?? "")
    }
}
