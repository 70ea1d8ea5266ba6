/// Why `localvpc peer` stopped, when the reason is not an error of the endpoint's own.
public struct PeeringSetupError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A short code in AWS's style (`VpcNotFound`, `VpcPeeringConnectionFailed`).
    public let code: String
    /// What happened and what to do about it.
    public let message: String

    /// An error from its parts.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    /// No VPC has that id or `Name` tag.
    static func vpcNotFound(_ reference: String, region: String) -> Self {
        Self(code: "VpcNotFound", message: "no VPC with id or Name tag \(reference) in \(region)")
    }

    /// Several VPCs carry that `Name` tag.
    static func ambiguousName(_ name: String, _ ids: [String]) -> Self {
        Self(code: "AmbiguousVpcName", message: "\(ids.count) VPCs are named \(name) (\(ids.joined(separator: ", "))); give an id")
    }

    /// Both arguments are the same VPC.
    static func sameVpc(_ vpcId: String) -> Self {
        Self(code: "InvalidParameterValue", message: "\(vpcId) cannot peer with itself")
    }

    /// The peer is named, not given by id, and there is no way to look the name up in its account.
    static func peerNeedsId(_ reference: String, account: String) -> Self {
        Self(
            code: "InvalidParameterValue",
            message: "\(reference) must be a VPC id: there are no credentials for account \(account) to look up names (--accepter-profile)")
    }

    /// `--peer-owner` names an account that does not own the peer VPC.
    static func peerOwnerMismatch(_ vpc: Vpc, peerOwner: String) -> Self {
        Self(code: "InvalidParameterValue", message: "--peer-owner is \(peerOwner), but \(vpc.vpcId) belongs to account \(vpc.ownerId)")
    }

    /// The `--allow` list has an item that is not `icmp`, `tcp:PORT[-PORT]`, `udp:PORT[-PORT]` or `all`.
    public static func invalidAllow(_ item: String) -> Self {
        Self(code: "InvalidParameterValue", message: "--allow item \(item) is not icmp, tcp:PORT[-PORT], udp:PORT[-PORT] or all")
    }

    /// The connection ended in `failed` (overlapping CIDRs, a wrong peer owner…).
    static func peeringFailed(_ connection: VpcPeeringConnection) -> Self {
        Self(
            code: "VpcPeeringConnectionFailed",
            message: "\(connection.vpcPeeringConnectionId) \(connection.status): \(connection.statusMessage ?? "no status message")"
        )
    }

    /// The connection did not become active within the wait.
    static func notActive(_ connection: VpcPeeringConnection, after seconds: Int) -> Self {
        Self(
            code: "VpcPeeringConnectionNotActive",
            message: "\(connection.vpcPeeringConnectionId) is still \(connection.status) after \(seconds)s (\(connection.statusMessage ?? ""))"
        )
    }

    /// The connection the endpoint just named is not there when described.
    static func peeringVanished(_ id: String) -> Self {
        Self(code: "InvalidVpcPeeringConnectionID.NotFound", message: "\(id) is no longer described")
    }

    /// The security group given by id is not in that side's VPC.
    static func groupNotInVpc(_ groupId: String, vpcId: String) -> Self {
        Self(code: "InvalidGroup.NotFound", message: "security group \(groupId) not found in \(vpcId)")
    }
}
