import AWSTimestamp
import Addressing
public import Foundation

extension CloudState {
    /// The filters DescribeVpcPeeringConnections documents, besides `tag:<key>`, `tag-key` and `tag-value`.
    static let peeringFilterNames: Set<String> = [
        "accepter-vpc-info.cidr-block", "accepter-vpc-info.owner-id", "accepter-vpc-info.vpc-id", "expiration-time",
        "requester-vpc-info.cidr-block", "requester-vpc-info.owner-id", "requester-vpc-info.vpc-id", "status-code", "status-message",
        "vpc-peering-connection-id",
    ]

    /// The peering connections `scope` sees at `now` that `query` selects, in creation order.
    public func describePeerings(in scope: AccountRegion, query: DescribeQuery, at now: Date) throws(EC2Error) -> Page<VpcPeeringConnection> {
        for filter in query.filters where !(Self.peeringFilterNames.contains(filter.name) || Self.isTagFilter(filter.name)) {
            throw .invalidFilter(filter.name)
        }
        let kind = ResourceIdKind.vpcPeeringConnection
        let candidates = try named(peerings(of: scope).filter { $0.isVisible(to: scope, at: now) }, by: query, kind: kind, id: \.id)
        let selected = candidates.filter { peering in
            query.filters.allSatisfy { filter in filter.matches(any: filterValues(of: peering, filter.name, seenFrom: scope, at: now)) }
        }
        return try paginate(selected, query: query) { ($0.createdAt, $0.id) }
    }

    /// The blocks of one side as clients see them: the VPC's current blocks while it exists, else the last known.
    public func blocks(of side: PeeringSide) -> (ipv4: [String], ipv6: [String]) {
        if let vpc = get(Vpc.self, side.vpcId, in: side.scope) {
            return (vpc.ipv4Blocks.map(\.description), vpc.ipv6Blocks.map(\.description))
        }
        return (side.cidrBlocks.map(\.description), side.ipv6CidrBlocks.map(\.description))
    }

    static func isTagFilter(_ name: String) -> Bool { name.hasPrefix("tag:") || name == "tag-key" || name == "tag-value" }

    private func filterValues(of peering: VpcPeeringConnection, _ name: String, seenFrom scope: AccountRegion, at now: Date) -> [String] {
        let tags = peering.tagsByScope[scope] ?? TagSet()
        switch name {
        case "accepter-vpc-info.cidr-block": return peering.wasAccepted ? blocks(of: peering.accepter).ipv4 : []
        case "accepter-vpc-info.owner-id": return [peering.accepter.scope.account]
        case "accepter-vpc-info.vpc-id": return [peering.accepter.vpcId]
        case "expiration-time": return peering.status(at: now) == .pendingAcceptance ? [peering.expirationTime.awsTimestamp] : []
        case "requester-vpc-info.cidr-block": return blocks(of: peering.requester).ipv4
        case "requester-vpc-info.owner-id": return [peering.requester.scope.account]
        case "requester-vpc-info.vpc-id": return [peering.requester.vpcId]
        case "status-code": return [peering.status(at: now).rawValue]
        case "status-message": return [peering.statusMessage(at: now)]
        case "vpc-peering-connection-id": return [peering.id]
        case "tag-key": return tags.map(\.key)
        case "tag-value": return tags.map(\.value)
        default: return tags[String(name.dropFirst(4))].map { [$0] } ?? []
        }
    }
}
