public import EC2Client

/// A VPC as `DescribeVpcs` shows it: what peering needs to know.
public struct Vpc: Sendable, Hashable, Codable {
    /// `vpc-…`.
    public var vpcId: String
    /// The owning account.
    public var ownerId: String
    /// Every associated IPv4 block, the primary first: the destinations the peer routes here.
    public var cidrBlocks: [String]
    /// The `Name` tag, if any.
    public var name: String?

    /// A VPC from its parts.
    public init(vpcId: String, ownerId: String, cidrBlocks: [String], name: String? = nil) {
        self.vpcId = vpcId
        self.ownerId = ownerId
        self.cidrBlocks = cidrBlocks
        self.name = name
    }

    /// Reads one `<vpcSet><item>`; secondary blocks count only once `associated`.
    public init(xml: XMLTree) {
        let primary = xml.text("cidrBlock")
        let associated = xml.items("cidrBlockAssociationSet")
            .filter { ($0.text("cidrBlockState/state") ?? "associated") == "associated" }
            .compactMap { $0.text("cidrBlock") }
        var blocks = primary.map { [$0] } ?? []
        for block in associated where !blocks.contains(block) { blocks.append(block) }
        self.init(
            vpcId: xml.text("vpcId") ?? "",
            ownerId: xml.text("ownerId") ?? "",
            cidrBlocks: blocks,
            name: xml.items("tagSet").first { $0.text("key") == "Name" }?.text("value")
        )
    }

    /// `vpc-… (Name)`, or the id alone.
    public var label: String {
        name.map { "\(vpcId) (\($0))" } ?? vpcId
    }
}
