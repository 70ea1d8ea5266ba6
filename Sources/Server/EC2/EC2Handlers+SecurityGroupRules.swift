import Addressing
import CloudModel
import EC2Protocol
import Foundation

extension EC2Handlers {
    func createSecurityGroup(_ request: EC2.CreateSecurityGroupRequest, context: Context) async throws -> EC2.CreateSecurityGroupResult {
        let group = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.createSecurityGroup(
                name: request.groupName, description: request.description, vpcId: request.vpcId,
                tagSpecifications: TagSpecification.from(request.tagSpecifications))
        }
        return EC2.CreateSecurityGroupResult(groupId: group.id, tags: group.tags.wire, securityGroupArn: group.arn)
    }

    func deleteSecurityGroup(_ request: EC2.DeleteSecurityGroupRequest, context: Context) async throws -> EC2.DeleteSecurityGroupResult {
        let id = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            let group = try transaction.findSecurityGroup(id: request.groupId, name: request.groupName)
            try transaction.deleteSecurityGroup(id: group.id, name: nil)
            return group.id
        }
        return EC2.DeleteSecurityGroupResult(return: true, groupId: id)
    }

    func authorizeSecurityGroupIngress(
        _ request: EC2.AuthorizeSecurityGroupIngressRequest,
        context: Context
    ) async throws -> EC2.AuthorizeSecurityGroupIngressResult {
        let permissions = request.permissions
        let rules = try await authorize(
            .ingress, context, dryRun: request.dryRun, groupId: request.groupId, groupName: request.groupName, permissions,
            tagSpecifications: TagSpecification.from(request.tagSpecifications))
        return EC2.AuthorizeSecurityGroupIngressResult(return: true, securityGroupRules: rules)
    }

    func authorizeSecurityGroupEgress(
        _ request: EC2.AuthorizeSecurityGroupEgressRequest,
        context: Context
    ) async throws -> EC2.AuthorizeSecurityGroupEgressResult {
        let permissions = request.permissions
        let rules = try await authorize(
            .egress, context, dryRun: request.dryRun, groupId: request.groupId, groupName: nil, permissions,
            tagSpecifications: TagSpecification.from(request.tagSpecifications))
        return EC2.AuthorizeSecurityGroupEgressResult(return: true, securityGroupRules: rules)
    }

    func revokeSecurityGroupIngress(
        _ request: EC2.RevokeSecurityGroupIngressRequest,
        context: Context
    ) async throws -> EC2.RevokeSecurityGroupIngressResult {
        let permissions = request.permissions
        let revoked = try await revoke(
            .ingress, context, dryRun: request.dryRun, groupId: request.groupId, groupName: request.groupName, permissions,
            ruleIds: request.securityGroupRuleIds ?? [])
        return EC2.RevokeSecurityGroupIngressResult(return: true, revokedSecurityGroupRules: revoked)
    }

    func revokeSecurityGroupEgress(
        _ request: EC2.RevokeSecurityGroupEgressRequest,
        context: Context
    ) async throws -> EC2.RevokeSecurityGroupEgressResult {
        let permissions = request.permissions
        let revoked = try await revoke(
            .egress, context, dryRun: request.dryRun, groupId: request.groupId, groupName: nil, permissions,
            ruleIds: request.securityGroupRuleIds ?? [])
        return EC2.RevokeSecurityGroupEgressResult(return: true, revokedSecurityGroupRules: revoked)
    }

    func describeSecurityGroupReferences(
        _ request: EC2.DescribeSecurityGroupReferencesRequest,
        context: Context
    ) async throws -> EC2.DescribeSecurityGroupReferencesResult {
        let state = try await snapshot(context, dryRun: request.dryRun)
        let now = cloud.clock.now()
        var references: [EC2.SecurityGroupReference] = []
        for id in request.groupId {
            try SecurityGroup.idKind.validate(id)
            guard let group = state.get(SecurityGroup.self, id, in: context.scope) else { throw SecurityGroup.idKind.notFound([id]) }
            references += state.references(to: group, at: now).map {
                EC2.SecurityGroupReference(groupId: id, referencingVpcId: $0.referencingVpcId, vpcPeeringConnectionId: $0.vpcPeeringConnectionId)
            }
        }
        return EC2.DescribeSecurityGroupReferencesResult(securityGroupReferenceSet: references)
    }

    func describeStaleSecurityGroups(
        _ request: EC2.DescribeStaleSecurityGroupsRequest,
        context: Context
    ) async throws -> EC2.DescribeStaleSecurityGroupsResult {
        let state = try await snapshot(context, dryRun: request.dryRun)
        let now = cloud.clock.now()
        try Vpc.idKind.validate(request.vpcId)
        guard state.get(Vpc.self, request.vpcId, in: context.scope) != nil else { throw Vpc.idKind.notFound([request.vpcId]) }
        let groups = state[context.scope].all(SecurityGroup.self, inVpc: request.vpcId)
        let stale = groups.filter { group in (group.ingress + group.egress).contains { state.isStale($0, of: group, at: now) } }
        let page = try state.paginate(
            stale, query: DescribeQuery(maxResults: request.maxResults, nextToken: request.nextToken, maxResultsRange: 5...255)
        ) {
            ($0.createdAt, $0.id)
        }
        return EC2.DescribeStaleSecurityGroupsResult(
            nextToken: page.nextToken,
            staleSecurityGroupSet: page.items.map { group in
                func staleOnly(_ rules: [SecurityGroupRule]) -> [EC2.StaleIpPermission] {
                    EC2.IpPermission.grouping(rules.filter { state.isStale($0, of: group, at: now) }) {
                        EC2.UserIdGroupPair($0, of: group, in: state, at: now)
                    }.map {
                        EC2.StaleIpPermission(
                            fromPort: $0.fromPort, ipProtocol: $0.ipProtocol, toPort: $0.toPort, userIdGroupPairs: $0.userIdGroupPairs)
                    }
                }
                return EC2.StaleSecurityGroup(
                    description: group.groupDescription, groupId: group.id, groupName: group.groupName, staleIpPermissions: staleOnly(group.ingress),
                    staleIpPermissionsEgress: staleOnly(group.egress), vpcId: group.groupVpcId)
            })
    }

    private func authorize(
        _ direction: Transaction.RuleDirection,
        _ context: Context,
        dryRun: Bool?,
        groupId: String?,
        groupName: String?,
        _ permissions: [IpPermission],
        tagSpecifications: [TagSpecification]
    ) async throws -> [EC2.SecurityGroupRule] {
        let (group, rules) = try await perform(context, dryRun: dryRun) { transaction throws(EC2Error) in
            try transaction.authorizeSecurityGroup(
                direction, groupId: groupId, groupName: groupName, permissions: permissions, tagSpecifications: tagSpecifications)
        }
        return rules.map { EC2.SecurityGroupRule($0, of: group, isEgress: direction == .egress) }
    }

    private func revoke(
        _ direction: Transaction.RuleDirection,
        _ context: Context,
        dryRun: Bool?,
        groupId: String?,
        groupName: String?,
        _ permissions: [IpPermission],
        ruleIds: [String]
    ) async throws -> [EC2.RevokedSecurityGroupRule] {
        let (groupId, rules) = try await perform(context, dryRun: dryRun) { transaction throws(EC2Error) in
            let group = try transaction.findSecurityGroup(id: groupId, name: groupName)
            let revoked = try transaction.revokeSecurityGroup(
                direction, groupId: group.id, groupName: nil, permissions: permissions, ruleIds: ruleIds)
            return (group.id, revoked)
        }
        return rules.map { rule in
            EC2.RevokedSecurityGroupRule(
                securityGroupRuleId: rule.ruleId, groupId: groupId, isEgress: direction == .egress, ipProtocol: rule.ipProtocol,
                fromPort: rule.fromPort,
                toPort: rule.toPort, cidrIpv4: rule.peer.ipv4?.description, cidrIpv6: rule.peer.ipv6?.description,
                prefixListId: rule.peer.prefixListId, referencedGroupId: rule.peer.groupId,
                description: rule.description)
        }
    }
}

/// The members every Authorize and Revoke request has: `IpPermissions`, or the flat parameters older clients
/// send instead (`CidrIp`, `IpProtocol`, `FromPort`, `ToPort`, `SourceSecurityGroupName`, …).
protocol PermissionParameters {
    var ipPermissions: [EC2.IpPermission]? { get }
    var ipProtocol: String? { get }
    var fromPort: Int? { get }
    var toPort: Int? { get }
    var cidrIp: String? { get }
    var sourceSecurityGroupName: String? { get }
    var sourceSecurityGroupOwnerId: String? { get }
}

extension PermissionParameters {
    /// The permissions the request describes, in whichever of its two forms it used.
    var permissions: [IpPermission] {
        if let ipPermissions, !ipPermissions.isEmpty { return ipPermissions.map(\.model) }
        guard ipProtocol != nil || cidrIp != nil || sourceSecurityGroupName != nil else { return [] }
        return [
            IpPermission(
                ipProtocol: ipProtocol ?? (sourceSecurityGroupName != nil ? "-1" : nil), fromPort: fromPort, toPort: toPort,
                ipv4Ranges: cidrIp.map { [(cidr: $0, description: nil)] } ?? [],
                groups: sourceSecurityGroupName.map { [IpPermission.GroupReference(groupId: nil, groupName: $0, userId: sourceSecurityGroupOwnerId)] }
                    ?? [])
        ]
    }
}

extension EC2.AuthorizeSecurityGroupIngressRequest: PermissionParameters {}
extension EC2.AuthorizeSecurityGroupEgressRequest: PermissionParameters {}
extension EC2.RevokeSecurityGroupIngressRequest: PermissionParameters {}
extension EC2.RevokeSecurityGroupEgressRequest: PermissionParameters {}

extension EC2.SecurityGroupRule {
    init(_ rule: SecurityGroupRule, of group: SecurityGroup, isEgress: Bool) {
        var referenced: EC2.ReferencedSecurityGroup?
        if case .group(let id, let userId, let vpcId) = rule.peer {
            referenced = EC2.ReferencedSecurityGroup(groupId: id, userId: userId, vpcId: vpcId)
        }
        self.init(
            securityGroupRuleId: rule.ruleId, groupId: group.id, groupOwnerId: group.scope.account, isEgress: isEgress, ipProtocol: rule.ipProtocol,
            fromPort: rule.fromPort ?? -1, toPort: rule.toPort ?? -1, cidrIpv4: rule.peer.ipv4?.description, cidrIpv6: rule.peer.ipv6?.description,
            prefixListId: rule.peer.prefixListId,
            referencedGroupInfo: referenced, description: rule.description, tags: rule.tags.wire,
            securityGroupRuleArn: "arn:aws:ec2:\(group.scope.region):\(group.scope.account):security-group-rule/\(rule.ruleId)")
    }
}
