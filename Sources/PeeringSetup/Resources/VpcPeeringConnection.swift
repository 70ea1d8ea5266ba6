public import EC2Client

/// A peering connection as `DescribeVpcPeeringConnections` shows it.
public struct VpcPeeringConnection: Sendable, Hashable, Codable {
    /// `pcx-…`.
    public var vpcPeeringConnectionId: String
    /// `Status.Code`: `initiating-request`, `pending-acceptance`, `provisioning`, `active`, `failed`…
    public var status: String
    /// `Status.Message`: why it failed, who it waits for.
    public var statusMessage: String?
    /// The side that asked.
    public var requester: VpcInfo
    /// The side that accepts.
    public var accepter: VpcInfo

    /// States on the way to `active`: worth waiting for.
    public static let inProgress: Set<String> = ["initiating-request", "pending-acceptance", "provisioning"]

    /// A connection from its parts.
    public init(vpcPeeringConnectionId: String, status: String, statusMessage: String? = nil, requester: VpcInfo, accepter: VpcInfo) {
        self.vpcPeeringConnectionId = vpcPeeringConnectionId
        self.status = status
        self.statusMessage = statusMessage
        self.requester = requester
        self.accepter = accepter
    }

    /// Reads one `<vpcPeeringConnectionSet><item>` or a create/accept response's `<vpcPeeringConnection>`.
    public init(xml: XMLTree) {
        self.init(
            vpcPeeringConnectionId: xml.text("vpcPeeringConnectionId") ?? "",
            status: xml.text("status/code") ?? "",
            statusMessage: xml.text("status/message"),
            requester: VpcInfo(xml: xml.child("requesterVpcInfo")),
            accepter: VpcInfo(xml: xml.child("accepterVpcInfo"))
        )
    }

    /// True when it joins these two VPCs, in either direction.
    public func joins(_ vpcA: String, _ vpcB: String) -> Bool {
        (requester.vpcId == vpcA && accepter.vpcId == vpcB) || (requester.vpcId == vpcB && accepter.vpcId == vpcA)
    }

    /// The side of `vpcId`'s peer.
    public func peer(of vpcId: String) -> VpcInfo {
        requester.vpcId == vpcId ? accepter : requester
    }
}

/// One side of a peering connection.
public struct VpcInfo: Sendable, Hashable, Codable {
    /// The VPC.
    public var vpcId: String
    /// Its account.
    public var ownerId: String?
    /// Its region.
    public var region: String?
    /// Its IPv4 blocks as the connection knows them (`cidrBlockSet`, else `cidrBlock`).
    public var cidrBlocks: [String]

    /// A side from its parts.
    public init(vpcId: String, ownerId: String? = nil, region: String? = nil, cidrBlocks: [String] = []) {
        self.vpcId = vpcId
        self.ownerId = ownerId
        self.region = region
        self.cidrBlocks = cidrBlocks
    }

    /// Reads `<requesterVpcInfo>` or `<accepterVpcInfo>`.
    public init(xml: XMLTree?) {
        let set = xml?.items("cidrBlockSet").compactMap { $0.text("cidrBlock") } ?? []
        self.init(
            vpcId: xml?.text("vpcId") ?? "",
            ownerId: xml?.text("ownerId"),
            region: xml?.text("region"),
            cidrBlocks: set.isEmpty ? (xml?.text("cidrBlock").map { [$0] } ?? []) : set
        )
    }
}
