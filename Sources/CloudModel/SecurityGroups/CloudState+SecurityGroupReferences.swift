public import Foundation

/// Security group rules that reach across a peering: who refers to a group, and which references went stale.
///
/// A rule keeps the referenced group's VPC; whether it still works is derived from the state, so a rule
/// turns stale the moment its peering goes and works again when the same VPCs are peered anew.
extension CloudState {
    /// The connection carrying traffic between two VPCs, `a` being one of `scope`'s, at `now`.
    public func activePeering(between a: String, _ b: String, seenFrom scope: AccountRegion, at now: Date) -> VpcPeeringConnection? {
        peerings(ofVpc: a, in: scope).first { $0.involves(b) && $0.status(at: now).carriesTraffic }
    }

    /// Whether `rule` of `group` refers to a group across a peering that no longer exists (or to a deleted group).
    public func isStale(_ rule: SecurityGroupRule, of group: SecurityGroup, at now: Date) -> Bool {
        guard case .group(let id, let userId, let vpcId) = rule.peer, vpcId != group.groupVpcId else { return false }
        let owner = AccountRegion(account: userId, region: group.scope.region)
        guard get(SecurityGroup.self, id, in: owner) != nil else { return true }
        return activePeering(between: group.groupVpcId, vpcId, seenFrom: group.scope, at: now) == nil
    }

    /// The VPCs (and the peering joining them) whose groups refer to `group` across an active peering.
    public func references(to group: SecurityGroup, at now: Date) -> [(referencingVpcId: String, vpcPeeringConnectionId: String)] {
        var result: [(String, String)] = []
        for peering in peerings(ofVpc: group.groupVpcId, in: group.scope) where peering.status(at: now).carriesTraffic {
            let other = peering.requester.vpcId == group.groupVpcId ? peering.accepter : peering.requester
            let groups = self[other.scope].all(SecurityGroup.self, inVpc: other.vpcId)
            if groups.contains(where: { ($0.ingress + $0.egress).contains { $0.peer.groupId == group.id } }) {
                result.append((other.vpcId, peering.id))
            }
        }
        return result
    }
}
