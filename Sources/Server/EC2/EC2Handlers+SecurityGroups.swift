import Addressing
import CloudModel
import EC2Protocol
import Foundation

extension EC2Handlers {
    func describeSecurityGroups(_ request: EC2.DescribeSecurityGroupsRequest, context: Context) async throws -> EC2.DescribeSecurityGroupsResult {
        var ids = request.groupIds ?? []
        if let names = request.groupNames, !names.isEmpty {
            // By name, AWS looks in the default VPC only.
            let state = try await snapshot(context, dryRun: request.dryRun)
            let region = state[context.scope]
            for name in names { ids.append(try region.defaultVpcSecurityGroup(named: name).id) }
        }
        let (page, state) = try await describe(
            SecurityGroup.self, context, dryRun: request.dryRun, ids: ids, filters: request.filters, maxResults: request.maxResults,
            nextToken: request.nextToken)
        let now = cloud.clock.now()
        // A rule naming a group in another VPC reports the peering between them while it lives (`UserIdGroupPair`).
        if page.items.contains(where: \.referencesAnotherVpc) { AnswerClock.markRead() }
        return EC2.DescribeSecurityGroupsResult(
            nextToken: page.nextToken, securityGroups: page.items.map { EC2.SecurityGroup($0, in: state, at: now) })
    }
}

extension EC2.SecurityGroup {
    init(_ group: SecurityGroup, in state: CloudState, at now: Date) {
        let pair = { (rule: SecurityGroupRule) in EC2.UserIdGroupPair(rule, of: group, in: state, at: now) }
        self.init(
            groupId: group.id, ipPermissionsEgress: EC2.IpPermission.grouping(group.egress, pair: pair), tags: group.tags.wire,
            vpcId: group.groupVpcId, securityGroupArn: group.arn, ownerId: group.scope.account, groupName: group.groupName,
            description: group.groupDescription, ipPermissions: EC2.IpPermission.grouping(group.ingress, pair: pair))
    }
}

extension SecurityGroup {
    var arn: String { "arn:aws:ec2:\(scope.region):\(scope.account):security-group/\(id)" }

    /// Whether a rule names a group of another VPC (across a peering).
    var referencesAnotherVpc: Bool {
        (ingress + egress).contains { rule in
            if case .group(_, _, let vpcId) = rule.peer { vpcId != groupVpcId } else { false }
        }
    }
}

extension EC2.UserIdGroupPair {
    /// A group reference; one across a peering also names the peer VPC, the peering and its status.
    init?(_ rule: SecurityGroupRule, of group: SecurityGroup, in state: CloudState, at now: Date) {
        guard case .group(let id, let userId, let vpcId) = rule.peer else { return nil }
        self.init(description: rule.description, userId: userId, groupId: id)
        if vpcId != group.groupVpcId {
            self.vpcId = vpcId
            let peering = state.activePeering(between: group.groupVpcId, vpcId, seenFrom: group.scope, at: now)
            vpcPeeringConnectionId = peering?.id
            peeringStatus = peering == nil ? "deleted" : "active"
        }
    }
}

extension EC2.IpPermission {
    /// AWS reports rules grouped by protocol and port range, each group listing its sources.
    static func grouping(_ rules: [SecurityGroupRule], pair: (SecurityGroupRule) -> EC2.UserIdGroupPair?) -> [EC2.IpPermission] {
        var permissions: [EC2.IpPermission] = []
        for rule in rules {
            let index =
                permissions.firstIndex { $0.ipProtocol == rule.ipProtocol && $0.fromPort == rule.fromPort && $0.toPort == rule.toPort }
                ?? {
                    permissions.append(
                        EC2.IpPermission(
                            ipProtocol: rule.ipProtocol, fromPort: rule.fromPort, toPort: rule.toPort, userIdGroupPairs: [], ipRanges: [],
                            ipv6Ranges: [], prefixListIds: []))
                    return permissions.count - 1
                }()
            switch rule.peer {
            case .ipv4(let block): permissions[index].ipRanges?.append(EC2.IpRange(description: rule.description, cidrIp: block.description))
            case .ipv6(let block): permissions[index].ipv6Ranges?.append(EC2.Ipv6Range(description: rule.description, cidrIpv6: block.description))
            case .group: permissions[index].userIdGroupPairs?.append(contentsOf: pair(rule).map { [$0] } ?? [])
            case .prefixList(let id): permissions[index].prefixListIds?.append(EC2.PrefixListId(description: rule.description, prefixListId: id))
            }
        }
        return permissions
    }

    /// The model's permission from the wire's `IpPermissions.N`.
    var model: IpPermission {
        IpPermission(
            ipProtocol: ipProtocol, fromPort: fromPort, toPort: toPort,
            ipv4Ranges: (ipRanges ?? []).map { (cidr: $0.cidrIp ?? "", description: $0.description) },
            ipv6Ranges: (ipv6Ranges ?? []).map { (cidr: $0.cidrIpv6 ?? "", description: $0.description) },
            groups: (userIdGroupPairs ?? []).map {
                IpPermission.GroupReference(groupId: $0.groupId, groupName: $0.groupName, userId: $0.userId, description: $0.description)
            },
            prefixListIds: (prefixListIds ?? []).map { (id: $0.prefixListId ?? "", description: $0.description) })
    }
}
